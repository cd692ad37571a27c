# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request, route
from odoo.tools import consteq, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_list import prepare_list_values
from .portal_ownership import customer_record_sudo

# The contract choice for a request about a development rather than a contract.
NO_CONTRACT = "none"


class ContactPortal(CustomerPortal):
    """Fale Conosco on the portal: the customer writes a request (``/my/contact/new``),
    lists their requests (``/my/contact``) and follows one (``/my/contact/<id>``): its
    status, the public pareceres and the thread where they reply. They rate the answer,
    1 to 5 with an optional comment: on the request page (``/my/contact/<id>/rate``) or
    from the link of the rating e-mail (``/fale-conosco/rate/<token>/<score>``, no login
    needed: the token is the customer's).

    Customers only read ``portal.contact.request``: the request is created here, after
    validation, with sudo."""

    # ------------------------------------------------------------
    # Home
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contact_request_count" in counters:
            ContactRequest = request.env["portal.contact.request"]
            values["contact_request_count"] = (
                ContactRequest.search_count(self._get_contact_requests_domain())
                if ContactRequest.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------
    # Choices offered to the customer
    # ------------------------------------------------------------

    def _get_contact_requests_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", partner.commercial_partner_id.id)]

    def _get_contact_request_types(self):
        return request.env["portal.contact.request.type"].search([])

    def _get_contact_contracts(self):
        Contract = request.env["realestate.contract"]
        return Contract.search(Contract._get_portal_domain(request.env.user.partner_id))

    def _get_contact_developments(self):
        # sudo: customers do not read developments; these are those of their own contracts
        return self._get_contact_contracts().sudo().development_id

    # ------------------------------------------------------------
    # List
    # ------------------------------------------------------------

    def _prepare_my_contact_requests_values(self, page=1, sortby=None):
        sortings = {
            "date": {"label": request.env._("Newest first"), "order": "date desc, id desc"},
            "state": {"label": request.env._("Status"), "order": "portal_state, date desc, id desc"},
        }
        return prepare_list_values(
            self, "portal.contact.request", self._get_contact_requests_domain(), "/my/contact",
            "contact_requests", "contact_requests", page=page, sortby=sortby, sortings=sortings,
        )

    @route(["/my/contact", "/my/contact/page/<int:page>"], type="http", auth="user",
           website=True, methods=["GET"], readonly=True)
    def portal_my_contact_requests(self, page=1, sortby=None, **kw):
        return request.render(
            "portal_operations.portal_my_contact_requests",
            self._prepare_my_contact_requests_values(page, sortby),
        )

    # ------------------------------------------------------------
    # New request
    # ------------------------------------------------------------

    def _contact_upload_limits(self):
        """The maximum size of a file (MB) and the accepted extensions."""
        company = request.env.company
        return (
            company.portal_contact_max_attachment_mb,
            company._portal_contact_allowed_extensions(),
        )

    def _prepare_contact_request_form_values(self, form=None, errors=None, error_messages=None,
                                             kept_attachments=None):
        max_mb, extensions = self._contact_upload_limits()
        request_types = self._get_contact_request_types()
        contracts = self._get_contact_contracts()
        form = dict(form or {})
        # A single choice is made for the customer; the defaults together are always valid.
        if len(request_types) == 1:
            form.setdefault("type_id", str(request_types.id))
        if len(contracts) == 1:
            form.setdefault("contract_id", str(contracts.id))
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "contact_request_new",
            "request_types": request_types,
            "contracts": contracts,
            "developments": self._get_contact_developments(),
            "no_contract": NO_CONTRACT,
            "form": form,
            "error": errors or {},
            "error_message": error_messages or [],
            "kept_attachments": kept_attachments or request.env["ir.attachment"],
            "max_attachment_mb": max_mb,
            "allowed_extensions": sorted(extensions),
        })
        return values

    def _get_contact_request_files(self):
        return [
            upload for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]

    def _validate_contact_request_form(self, form, uploads):
        """Check what the customer sent.

        :param dict form: the posted fields
        :param list uploads: the uploaded files (werkzeug ``FileStorage``)
        :return: ``(vals, files, errors, error_messages)``: the request values (empty
            when invalid), the ``(name, content)`` of the accepted files, the fields in
            error and the messages to show
        """
        errors, messages = {}, []

        def fail(field, message):
            errors[field] = True
            messages.append(message)

        def to_int(value):
            return int(value) if str(value or "").isdigit() else 0

        request_type = self._get_contact_request_types().filtered(
            lambda t: t.id == to_int(form.get("type_id")),
        )
        if not request_type:
            fail("type_id", request.env._("Choose a request type from the list."))

        contract = development = None
        contracts = self._get_contact_contracts()
        contract_choice = form.get("contract_id") or ""
        if contract_choice and contract_choice != NO_CONTRACT:
            contract = contracts.filtered(lambda c: c.id == to_int(contract_choice))
            if not contract:
                fail("contract_id", request.env._("Choose one of your contracts from the list."))
        if form.get("development_id"):
            development = self._get_contact_developments().filtered(
                lambda d: d.id == to_int(form.get("development_id")),
            )
            if not development:
                fail("development_id", request.env._("Choose one of your developments from the list."))
        # (a customer without contracts writes about no development in particular)
        if contracts and not contract and not form.get("development_id") and "contract_id" not in errors:
            fail("contract_id", request.env._("Choose the contract or the development your request is about."))
        if contract and development and contract.sudo().development_id != development:
            fail("development_id", request.env._("The contract you chose is not in the development you chose."))

        subject = (form.get("subject") or "").strip()
        message = (form.get("message") or "").strip()
        # the model's own checks, so the form and the ORM refuse alike
        for field, text_message in request.env["portal.contact.request"]._text_errors(
            {"subject": subject, "message": plaintext2html(message)},
        ).items():
            fail(field, text_message)

        max_mb, extensions = self._contact_upload_limits()
        files = []
        for upload in uploads:
            name = os.path.basename(upload.filename)
            extension = os.path.splitext(name)[1].lower().lstrip(".")
            content = upload.read()
            if extension not in extensions:
                fail("attachments", request.env._(
                    "%(file)s: this type of file is not accepted (accepted: %(types)s).",
                    file=name, types=", ".join(sorted(extensions)),
                ))
            elif max_mb and len(content) > max_mb * 1024 * 1024:
                fail("attachments", request.env._(
                    "%(file)s is larger than %(max)s MB.", file=name, max=max_mb,
                ))
            else:
                files.append((name, content))

        if errors:
            return {}, files, errors, messages
        if contract:
            development = contract.sudo().development_id
        vals = {
            "partner_id": request.env.user.partner_id.id,
            "type_id": request_type.id,
            "contract_id": contract.id if contract else False,
            "development_id": development.id if development else False,
            "subject": subject,
            # a plain-text message: escaped, so any markup is shown, never run
            "message": plaintext2html(message),
            "company_id": request.env.company.id,
        }
        return vals, files, {}, []

    def _store_contact_request_files(self, files, res_id=0):
        """Store the files for a request; ``res_id`` 0 keeps them for the customer's
        next try after a refused form (``_get_kept_contact_request_files``)."""
        # markup-like files are stored as plain text, never served as HTML
        attachments_sudo = request.env["ir.attachment"].sudo().with_context(
            attachments_mime_plainxml=True,
        ).create([
            {"name": name, "raw": content, "res_model": "portal.contact.request", "res_id": res_id}
            for name, content in files
        ])
        attachments_sudo.generate_access_token()  # the customer downloads them by token
        request.env["portal.contact.request"]._set_unreadable_pdf_thumbnails(attachments_sudo)
        return attachments_sudo

    def _get_kept_contact_request_files(self):
        """The files kept from a refused form that the customer still sends: each posted
        as ``<id>:<access token>``, stored by this user and not yet on a request."""
        kept_sudo = request.env["ir.attachment"].sudo()
        for value in request.httprequest.form.getlist("kept_attachments"):
            attachment_id, __, token = value.partition(":")
            attachment_sudo = kept_sudo.browse(int(attachment_id) if attachment_id.isdigit() else 0)
            if (
                attachment_sudo.exists()
                and attachment_sudo.res_model == "portal.contact.request"
                and not attachment_sudo.res_id
                and attachment_sudo.create_uid == request.env.user
                and token and consteq(attachment_sudo.access_token or "", token)
            ):
                kept_sudo |= attachment_sudo
        return kept_sudo

    def _create_contact_request(self, vals, files, kept_attachments_sudo=None):
        resent_sudo = request.env["portal.contact.request"].sudo()._find_resent(vals)
        if resent_sudo:  # the same form sent twice: one request
            return resent_sudo
        # sudo: customers never get write access to requests; the values were validated
        contact_request_sudo = request.env["portal.contact.request"].sudo().create(vals)
        attachments_sudo = kept_attachments_sudo or request.env["ir.attachment"].sudo()
        attachments_sudo.write({"res_id": contact_request_sudo.id})
        if files:
            attachments_sudo |= self._store_contact_request_files(files, contact_request_sudo.id)
        if attachments_sudo:
            contact_request_sudo.attachment_ids = attachments_sudo
        return contact_request_sudo

    @route("/my/contact/new", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_contact_request_new(self, **form):
        if request.httprequest.method == "POST":
            vals, files, errors, messages = self._validate_contact_request_form(
                form, self._get_contact_request_files(),
            )
            kept_sudo = self._get_kept_contact_request_files()
            if not errors:
                contact_request_sudo = self._create_contact_request(vals, files, kept_sudo)
                return request.redirect(f"{contact_request_sudo.access_url}?sent=1")
            # the accepted files wait for the next try: the customer does not attach them again
            kept_sudo |= self._store_contact_request_files(files) if files else kept_sudo.browse()
            values = self._prepare_contact_request_form_values(form, errors, messages, kept_sudo)
        else:
            values = self._prepare_contact_request_form_values(
                {"contract_id": form["contract_id"]} if form.get("contract_id") else {},
            )
        return request.render("portal_operations.portal_contact_request_form", values)

    # ------------------------------------------------------------
    # Detail
    # ------------------------------------------------------------

    def _prepare_contact_request_values(self, contact_request_sudo, access_token, **kw):
        values = {
            "contact_request": contact_request_sudo,
            "page_name": "contact_request",
            "sent": kw.get("sent"),
            "rateable": contact_request_sudo._is_rateable(),
            "customer_rating": contact_request_sudo.rating_ids.filtered("consumed")[:1],
            "rating_error": kw.get("rating_error"),
            "rated": kw.get("rated"),
        }
        return self._get_page_view_values(
            contact_request_sudo, access_token, values, "my_contact_requests_history", False, **kw,
        )

    @route("/my/contact/<int:request_id>", type="http", auth="user", website=True,
           methods=["GET"], readonly=True)
    def portal_my_contact_request(self, request_id, access_token=None, **kw):
        try:
            contact_request_sudo = self._document_check_access(
                "portal.contact.request", request_id, access_token,
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        return request.render(
            "portal_operations.portal_my_contact_request",
            self._prepare_contact_request_values(contact_request_sudo, access_token, **kw),
        )

    # ------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------

    @route("/my/contact/<int:request_id>/rate", type="http", auth="user", website=True,
           methods=["POST"])
    def portal_contact_request_rate(self, request_id, score=None, feedback=None, **kw):
        contact_request_sudo = customer_record_sudo(self, "portal.contact.request", request_id)
        try:
            contact_request_sudo._rate(self._to_score(score), feedback)
        except (UserError, ValidationError) as error:
            values = self._prepare_contact_request_values(
                contact_request_sudo, None, rating_error=error.args[0],
            )
            return request.render("portal_operations.portal_my_contact_request", values, status=400)
        return request.redirect(f"{contact_request_sudo.access_url}?rated=1#contact_request_rating")

    @staticmethod
    def _to_score(score):
        return int(score) if str(score or "").isdigit() else 0

    def _get_contact_rating_sudo(self, token):
        rating_sudo = request.env["rating.rating"].sudo().search([
            ("access_token", "=", token), ("res_model", "=", "portal.contact.request"),
        ], limit=1)
        contact_request_sudo = request.env["portal.contact.request"].sudo().browse(
            rating_sudo.res_id,
        ).exists()
        if not rating_sudo or not contact_request_sudo:
            raise NotFound()
        if contact_request_sudo.answer_rated:
            # one rating per final answer: a second attempt shows the first
            rating_sudo = contact_request_sudo._get_answer_rating()
        return rating_sudo, contact_request_sudo

    def _render_rating_page(self, rating_sudo, contact_request_sudo, score, error=None, status=200):
        # In the customer's language: the page is opened from their e-mail, often logged out.
        html = request.env["ir.ui.view"].with_context(
            lang=rating_sudo.partner_id.lang or request.env.lang,
        )._render_template("portal_operations.portal_contact_rating_page", {
            "rating": rating_sudo,
            "contact_request": contact_request_sudo,
            "score": score,
            "error": error,
        })
        return request.make_response(html, status=status)

    @route("/fale-conosco/rate/<string:token>/<int:score>", type="http", auth="public",
           website=True, methods=["GET"])
    def portal_contact_rating_open(self, token, score, **kw):
        """The link of the e-mail only opens the page: a crawler following it rates
        nothing; the customer confirms (and may comment) with the form."""
        rating_sudo, contact_request_sudo = self._get_contact_rating_sudo(token)
        return self._render_rating_page(rating_sudo, contact_request_sudo, score)

    @route("/fale-conosco/rate/<string:token>", type="http", auth="public", website=True,
           methods=["POST"])
    def portal_contact_rating_submit(self, token, score=None, feedback=None, **kw):
        rating_sudo, contact_request_sudo = self._get_contact_rating_sudo(token)
        score = self._to_score(score)
        if rating_sudo.consumed:
            return self._render_rating_page(rating_sudo, contact_request_sudo, score)
        try:
            contact_request_sudo._rate(score, feedback, token=token)
        except (UserError, ValidationError) as error:
            return self._render_rating_page(
                rating_sudo, contact_request_sudo, score, error=error.args[0], status=400,
            )
        return self._render_rating_page(rating_sudo, contact_request_sudo, score)
