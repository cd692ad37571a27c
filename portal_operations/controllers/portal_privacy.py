# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import tempfile

from werkzeug.exceptions import NotFound
from werkzeug.wsgi import wrap_file

from odoo import fields
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

EXPORT_FORMATS = ("json", "pdf")
REPORT_EXPORT = "portal_operations.report_privacy_export"
# Above this size the JSON file is spooled to disk while it is written.
SPOOL_MAX_SIZE = 8 * 1024 * 1024


class PrivacyPortal(CustomerPortal):
    """The customer's LGPD rights on the portal: ``/my/privacy`` shows their requests and
    the downloads of their data (``/my/privacy/export?format=json|pdf``); the other
    rights are requests (``portal.privacy.request``) filed there.

    Only a logged-in customer, for their own data: nothing here takes a record id or a
    share token; the customer is the logged-in user's commercial partner."""

    def _privacy_customer(self):
        """The logged-in customer (their commercial partner); staff have no such page."""
        user = request.env.user
        if user._is_public() or not user.share:
            raise NotFound()
        return user.partner_id.commercial_partner_id

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "privacy_request_count" in counters:
            Privacy = request.env["portal.privacy.request"]
            values["privacy_request_count"] = (
                Privacy.search_count(self._get_privacy_requests_domain())
                if request.env.user.share and Privacy.has_access("read") else 0
            )
        return values

    def _get_privacy_requests_domain(self):
        return [("partner_id", "child_of", request.env.user.partner_id.commercial_partner_id.id)]

    def _prepare_privacy_values(self, form=None, errors=None, filed=None):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "privacy",
            "privacy_requests": request.env["portal.privacy.request"].search(
                self._get_privacy_requests_domain(), order="date desc, id desc",
            ),
            "privacy_request_types": [
                (key, label) for key, label in
                request.env["portal.privacy.request"]._fields["request_type"]._description_selection(request.env)
            ],
            "form": form or {},
            "error": errors or {},
            "filed": filed,
        })
        return values

    @route("/my/privacy", type="http", auth="user", website=True, methods=["GET"], readonly=True)
    def portal_my_privacy(self, filed=None, **kw):
        self._privacy_customer()
        return request.render("portal_operations.portal_my_privacy", self._prepare_privacy_values(filed=filed))

    @route("/my/privacy/request", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_privacy_request(self, request_type=None, description=None, **kw):
        customer = self._privacy_customer()
        Privacy = request.env["portal.privacy.request"]
        vals, errors = Privacy._prepare_portal_vals(customer, request_type, description)
        if errors:
            form = {"request_type": request_type, "description": description}
            return request.render("portal_operations.portal_my_privacy", self._prepare_privacy_values(form, errors))
        # sudo: customers only read their requests; they are created here, validated
        privacy_sudo = Privacy.sudo().create(vals)
        return request.redirect(f"/my/privacy?filed={privacy_sudo.id}")

    @route("/my/privacy/export", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_privacy_export(self, format="json", **kw):  # noqa: A002 - the public name
        customer = self._privacy_customer()
        if format not in EXPORT_FORMATS:
            raise NotFound()
        Export = request.env["portal.privacy.export"].with_context(lang=request.env.lang)
        stamp = fields.Date.context_today(customer).isoformat()
        if format == "pdf":
            return self._privacy_export_pdf(customer, Export, stamp)
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)
        Export._write_json(customer, out)
        size = out.tell()
        out.seek(0)
        Export._log_download(customer, format)
        response = request.make_response(
            wrap_file(request.httprequest.environ, out),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(size)),
                ("Content-Disposition", f'attachment; filename="meus-dados-{stamp}.json"'),
                ("Cache-Control", "no-store"),
            ],
        )
        response.direct_passthrough = True
        return response

    def _privacy_export_pdf(self, customer, Export, stamp):
        Report = request.env["ir.actions.report"].sudo().with_context(lang=request.env.lang)
        if Report.get_wkhtmltopdf_state() != "ok":
            values = self._prepare_privacy_values()
            values["pdf_unavailable"] = True
            return request.render("portal_operations.portal_my_privacy", values, status=503)
        pdf, __ = Report._render_qweb_pdf(REPORT_EXPORT, customer.ids)
        Export._log_download(customer, "pdf")
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", str(len(pdf))),
            ("Content-Disposition", f'attachment; filename="meus-dados-{stamp}.pdf"'),
            ("Cache-Control", "no-store"),
        ])

