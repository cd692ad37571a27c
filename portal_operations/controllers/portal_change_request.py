# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..validation import control_characters_errors
from .portal_list import prepare_list_values
from .portal_ownership import customer_record_sudo

# Shown in empty inputs, by value kind: a landline is not a mobile (8 digits after the
# area code).
INPUT_EXAMPLES = {
    "phone": "(19) 3251-4000",
    "mobile": "(19) 99876-5432",
    "cep": "13010-100",
}


class ChangeRequestPortal(CustomerPortal):
    """The customer's registration data: the full Dados Pessoais page, the changes made
    through Odoo's own /my/account form, and the customer's change requests."""

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "change_request_count" in counters:
            values["change_request_count"] = request.env["portal.change.request"].search_count(
                self._get_change_requests_domain()
            )
        return values

    def _get_change_requests_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", partner.commercial_partner_id.id)]

    def _get_pending_change_request(self, partner):
        return request.env["portal.change.request"]._pending_request(partner)

    def _shown_personal_data(self, partner, pending=None):
        """The customer's field rules by field name, and the text the form shows for
        each: what ``pending`` (a request) asks for, else the current value."""
        rules = request.env["portal.change.field.rule"]._get_rules(
            request.env["portal.change.request"]._customer_company(partner),
        )
        # the current values first: their rules are read once, for the lines' too
        shown = {field_name: rule._read_text(partner) for field_name, rule in rules.items()}
        if pending:
            shown.update(pending._final_values())
        return rules, shown

    def _prepare_personal_data_fields(self, partner, pending, posted=None, errors=None):
        """One entry per personal-data field, in form order: its rule, the value shown
        (what the customer typed, else what is pending, else the current value), the
        options of a choice, whether it is locked, its error, and what needs the
        customer's attention in the value Mega ERP holds (``mega_data_issues``)."""
        posted = posted or {}
        errors = errors or {}
        rules, shown = self._shown_personal_data(partner, pending)
        pending_values = pending._final_values()
        # what Mega ERP holds against a rule, unless a pending change replaces it
        attention = partner.sudo()._mega_data_issue_messages()
        entries = []
        for field_name, rule in rules.items():
            value = posted[field_name] if field_name in posted else rule._input_value(shown[field_name])
            entries.append({
                "rule": rule,
                "name": field_name,
                "value": value,
                "options": rule._choices(),
                "locked": rule.rule == "locked",
                "pending": field_name in pending_values,
                "error": errors.get(field_name),
                "attention": None if field_name in pending_values else attention.get(field_name),
            })
        return entries

    def _prepare_personal_data_values(self, posted=None, errors=None, **kwargs):
        partner = request.env.user.partner_id
        pending = self._get_pending_change_request(partner)
        last_decided = request.env["portal.change.request"].sudo().search(
            [("partner_id", "=", partner.id), ("state", "in", ("approved", "rejected"))], limit=1,
        )
        field_entries = self._prepare_personal_data_fields(partner, pending, posted, errors)
        sections = dict(
            request.env["portal.change.field.rule"]._fields["section"]._description_selection(request.env)
        )
        # in the order the form shows them: by section, then by field
        section_order = list(sections)
        error_entries = sorted(
            (entry for entry in field_entries if entry["error"]),
            key=lambda entry: section_order.index(entry["rule"].section),
        )
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "personal_data",
            "partner": partner,
            "pending_request": pending,
            "last_decided_request": last_decided,
            "field_entries": field_entries,
            # the banner names them, and the first one takes the focus (the page opens there)
            "error_entries": error_entries,
            "first_error_field": error_entries[0]["name"] if error_entries else None,
            "attention_entries": [entry for entry in field_entries if entry["attention"]],
            "input_examples": INPUT_EXAMPLES,
            "sections": sections,
            "errors": errors or {},
            "submitted": kwargs.get("submitted"),
            "withdrawn": kwargs.get("withdrawn"),
        })
        return values

    def _changed_personal_data(self, partner, form_data, against_pending=True):
        """The posted values that differ from what the form showed: the pending
        request's values, else the current ones (``against_pending=False``: the current
        ones only, as Odoo's account form shows them). Locked fields that did not
        change are left out; the validation refuses those that did."""
        pending = self._get_pending_change_request(partner) if against_pending else None
        rules, shown = self._shown_personal_data(partner, pending)
        changed = {}
        for field_name, rule in rules.items():
            if field_name not in form_data:
                continue
            value = form_data[field_name]
            value = value.strip() if isinstance(value, str) else value
            try:
                unchanged = rule._to_text(value) == shown[field_name]
            except (TypeError, ValueError):
                unchanged = False  # the validation explains what is wrong with it
            if not unchanged:
                changed[field_name] = value
        return changed

    # ------------------------------------------------------------
    # Dados Pessoais page
    # ------------------------------------------------------------

    @route("/my/personal-data", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_personal_data(self, **kwargs):
        if not request.env.user.partner_id._is_portal_operations_customer():
            return request.redirect("/my/account")
        return request.render(
            "portal_operations.portal_my_personal_data", self._prepare_personal_data_values(**kwargs),
        )

    @route("/my/personal-data", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_personal_data_submit(self, **form_data):
        partner = request.env.user.partner_id
        if not partner._is_portal_operations_customer():
            return request.redirect("/my/account")
        ChangeRequest = request.env["portal.change.request"]
        changed = self._changed_personal_data(partner, form_data)
        if not changed:
            return request.redirect("/my/personal-data")
        errors = {}
        try:
            change_request = ChangeRequest._submit(partner, changed)
        except ValidationError as error:
            errors = getattr(error, "errors", None) or {"": error.args[0]}
        if errors:
            return request.render(
                "portal_operations.portal_my_personal_data",
                self._prepare_personal_data_values(posted=form_data, errors=errors),
            )
        # approved at once (automatic approval): the customer is not told to wait for a review
        outcome = "approved" if change_request.state == "approved" else "review"
        return request.redirect(f"/my/personal-data?submitted={outcome}")

    # ------------------------------------------------------------
    # Odoo's own account page (/my/account)
    # ------------------------------------------------------------

    def _is_own_registration(self, partner_sudo):
        """Whether /my/account edits the registration of one of the loteadora's
        customers (their own): only then do its changes become change requests."""
        user = request.env.user
        return (
            bool(partner_sudo) and partner_sudo == user.partner_id and not user._is_internal()
            and partner_sudo._is_portal_operations_customer()
        )

    def _validate_address_values(self, address_values, partner_sudo, address_type, *args, **kwargs):
        invalid_fields, missing_fields, error_messages = super()._validate_address_values(
            address_values, partner_sudo, address_type, *args, **kwargs,
        )
        # every portal user: a control character (NUL…) is a field error, not a failed write
        for field_name, message in control_characters_errors(
            request.env, address_values, request.env["res.partner"]._field_label,
        ).items():
            invalid_fields.add(field_name)
            error_messages.append(message)
        if self._is_own_registration(partner_sudo):
            personal = self._changed_personal_data(
                partner_sudo, partner_sudo._address_form_personal_data(address_values), against_pending=False,
            )
            country = request.env["res.country"].browse(address_values.get("country_id") or [])
            for field_name, message in request.env["portal.change.request"]._validate_personal_data(
                partner_sudo, personal, country=country or partner_sudo.country_id,
            ).items():
                invalid_fields.add(self._address_input_name(field_name, address_values))
                if field_name == "vat":
                    self._drop_odoo_vat_message(address_values, error_messages)
                error_messages.append(message)
        return invalid_fields, missing_fields, error_messages

    def _drop_odoo_vat_message(self, address_values, error_messages):
        """base_vat's message on the CPF/CNPJ, which Odoo's form adds: the addon's says
        it (one message, the addon's)."""
        ResPartnerSudo = request.env["res.partner"].sudo()
        if not hasattr(ResPartnerSudo, "_check_vat"):  # account (and base_vat) not installed
            return
        dummy_sudo = ResPartnerSudo.new({
            name: address_values[name] for name in self._get_vat_validation_fields() if name in address_values
        })
        try:
            dummy_sudo._check_vat()
        except ValidationError as error:
            if error.args[0] in error_messages:
                error_messages.remove(error.args[0])

    def _address_input_name(self, field_name, address_values):
        """The input of the address form that shows the personal-data field (see
        ``res.partner._address_form_personal_data``), to mark it as wrong."""
        inputs = {
            "street_name": "street", "street_number": "street", "street_number2": "street",
            "district": "street2", "city": "city_id",
        }
        name = inputs.get(field_name)
        return name if name in address_values and field_name not in address_values else field_name

    def _create_or_update_address(self, partner_sudo, *args, **form_data):
        """The customer's own registration data is not written from /my/account: it
        becomes a change request (see ``res.partner._divert_personal_data_to_change_request``)."""
        if not self._is_own_registration(partner_sudo):
            return super()._create_or_update_address(partner_sudo, *args, **form_data)
        pending_before = self._get_pending_change_request(partner_sudo)
        partner_sudo, feedback = super()._create_or_update_address(
            partner_sudo.with_context(portal_change_request_submit=True), *args, **form_data,
        )
        pending_after = self._get_pending_change_request(partner_sudo)
        if pending_after and pending_after != pending_before and "redirectUrl" in feedback:
            feedback["redirectUrl"] = "/my/personal-data?submitted=review"
        return partner_sudo.with_context(portal_change_request_submit=False), feedback

    # ------------------------------------------------------------
    # Change requests
    # ------------------------------------------------------------

    @route(["/my/change-requests", "/my/change-requests/page/<int:page>"], type="http",
           auth="user", website=True, methods=["GET"], readonly=True)
    def portal_my_change_requests(self, page=1, **kw):
        values = prepare_list_values(
            self, "portal.change.request", self._get_change_requests_domain(),
            "/my/change-requests", "change_requests", "change_requests", page=page,
            default_order="date_submitted desc, id desc",
        )
        return request.render("portal_operations.portal_my_change_requests", values)

    @route("/my/change-requests/<int:request_id>", type="http", auth="user", website=True,
           methods=["GET"])
    def portal_my_change_request(self, request_id, access_token=None, **kw):
        try:
            change_request_sudo = self._document_check_access(
                "portal.change.request", request_id, access_token,
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        values = self._get_page_view_values(
            change_request_sudo, access_token,
            {"change_request": change_request_sudo, "page_name": "change_request",
             "withdrawn": kw.get("withdrawn")},
            "my_change_requests_history", False, **kw,
        )
        return request.render("portal_operations.portal_my_change_request", values)

    @route("/my/change-requests/<int:request_id>/withdraw", type="http", auth="user",
           website=True, methods=["POST"])
    def portal_my_change_request_withdraw(self, request_id, **kw):
        change_request_sudo = customer_record_sudo(self, "portal.change.request", request_id)
        if change_request_sudo.state == "pending":
            change_request_sudo.action_withdraw()
        return request.redirect(f"/my/change-requests/{change_request_sudo.id}?withdrawn=1")
