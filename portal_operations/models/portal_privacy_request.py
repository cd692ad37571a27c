# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""LGPD (Lei 13.709/2018) data-subject requests: what the customer cannot do alone from
``/my/privacy`` (information about sharing, anonymisation or deletion, revocation of
consent, a complete declaration) becomes a request with a protocol and a 15-day deadline
(Art. 19, II), answered by administrators.

The deadline, its overdue and due-soon filters and its escalation are those of every
customer's request (``portal.operations.service.level``)."""

import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import str2bool

from mega_erp.exceptions import MegaError

from ..constants import ADMIN_GROUP, PRIVACY_REQUEST_STATES, PRIVACY_REQUEST_TIMELINESS, PRIVACY_REQUEST_TYPES
from ..sync.client_cache import client_for

# Art. 19, II: a complete declaration within 15 days of the request.
DEADLINE_DAYS = 15
TYPE_ANONYMIZATION = "anonymization"
STATE_PENDING = "pending"
STATE_ANSWERED = "answered"
STATE_REFUSED = "refused"
DESCRIPTION_MAX_LENGTH = 5000
PROTECTED_FIELDS = {
    "name", "partner_id", "request_type", "description", "state", "date", "answer",
    "answered_by_id", "first_answer_date", "anonymized_date", "company_id",
    "sla_due_soon_escalated", "sla_overdue_escalated",
}
MAIL_TEMPLATE_ANSWER = "portal_operations.mail_template_privacy_request_answer"
MAIL_TEMPLATE_CONFIRMATION = "portal_operations.mail_template_privacy_request_confirmation"
# When this system parameter is true, an answer posts an occurrence on the customer's
# contracts in Mega ERP (what the ERP holds is the ERP's to treat).
ERP_OCCURRENCE_PARAM = "portal_operations.privacy_erp_occurrence"
ERP_OCCURRENCE_TYPE = "LGPD"

class PortalPrivacyRequest(models.Model):
    """A data-subject request under the LGPD.

    ==================  ===================================================
    who                 may
    ==================  ===================================================
    portal customer     file one (through the portal controller only), read
                        their own, reply in the thread
    operator            read those of the customers of their developments
    administrator       read, answer or refuse, anonymise the customer
    ==================  ===================================================

    Company: its customer's; staff work in their allowed companies.
    """

    _name = "portal.privacy.request"
    _description = "LGPD Data-Subject Request"
    _inherit = [
        "portal.mixin", "portal.operations.customer.thread", "portal.operations.service.level",
        "mail.thread", "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _rec_names_search = ["name", "partner_id"]
    _mail_post_access = "read"
    # A request waits for its answer while pending (see Service level).
    _waiting_states = (STATE_PENDING,)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    name = fields.Char(string="Protocol", readonly=True, copy=False, index="trigram")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        ondelete="restrict",
    )
    request_type = fields.Selection(
        PRIVACY_REQUEST_TYPES, required=True, tracking=True,
    )
    description = fields.Text(string="Customer's Message")
    state = fields.Selection(
        PRIVACY_REQUEST_STATES, required=True, default=STATE_PENDING,
        index=True, tracking=True, copy=False,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    answer = fields.Text(readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", string="Answered by", readonly=True, copy=False)
    development_ids = fields.Many2many(
        "realestate.development", "portal_privacy_request_development_rel", "request_id",
        "development_id", string="Developments", compute="_compute_development_ids", store=True,
        help="The developments of the customer's contracts: their staff see the request.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, compute="_compute_company_id", store=True,
        readonly=False, precompute=True,
    )
    erp_notice = fields.Text(
        string="Mega ERP", compute="_compute_erp_notice",
        help="What Mega ERP holds about the customer is the ERP's to treat.",
    )
    anonymized_date = fields.Datetime(string="Customer Anonymised on", readonly=True, copy=False)

    # Service level (portal.operations.service.level)
    deadline = fields.Datetime(help="The request's date plus 15 calendar days (LGPD, Art. 19, II).")
    first_answer_date = fields.Datetime(string="Answered on")
    timeliness = fields.Selection(
        PRIVACY_REQUEST_TIMELINESS, compute="_compute_timeliness", store=True,
    )
    is_overdue = fields.Boolean(help="Waiting for its answer past the deadline.")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("first_answer_date", "answered_in_time")
    def _compute_timeliness(self):
        for request in self:
            request.timeliness = (
                "open" if not request.first_answer_date
                else "in_time" if request.answered_in_time else "late"
            )

    @api.depends("partner_id.realestate_contract_ids.development_id")
    def _compute_development_ids(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id
            request.development_ids = customer.sudo().realestate_contract_ids.development_id

    @api.depends("partner_id")
    def _compute_company_id(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id.sudo()
            request.company_id = (
                customer.realestate_contract_ids[:1].company_id or customer.company_id
                or request.company_id or self.env.company
            )

    def _compute_erp_notice(self):
        for request in self:
            request.erp_notice = request.partner_id.sudo().mega_agent_code and self.env._(
                "Mega ERP holds this customer's data too (agent %(code)s): what it holds is the "
                "ERP's to treat, under its own retention rules.",
                code=request.partner_id.sudo().mega_agent_code,
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = "/my/privacy"
        return result

    @api.depends("name", "request_type")
    def _compute_display_name(self):
        types = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            parts = (request.name, types.get(request.request_type))
            request.display_name = " - ".join(part for part in parts if part)

    # ------------------------------------------------------------
    # Service level (portal.operations.service.level)
    # ------------------------------------------------------------

    def _deadline_days(self):
        """Art. 19, II: 15 days."""
        return DEADLINE_DAYS

    def _get_development_administrators(self):
        self.ensure_one()
        Users = self.env["res.users"]
        admins = Users._portal_operations_staff(self.sudo().development_ids, ADMIN_GROUP)
        return admins.filtered(lambda user: self.company_id in user.company_ids)

    # ------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._name) or "/"
        requests = super().create(vals_list)
        for request in requests:
            request.message_subscribe(partner_ids=request.partner_id.ids)
        requests._send_protocol_confirmation()
        return requests

    def write(self, vals):
        # The customer's request and its answer are the records of Art. 37: written by
        # the answer (``_answer``) and the anonymisation only.
        protected = set(vals) & PROTECTED_FIELDS
        if protected and not self.env.su:
            raise AccessError(self.env._(
                "LGPD requests are answered with Answer or Refuse: %(fields)s cannot be written.",
                fields=", ".join(sorted(protected)),
            ))
        return super().write(vals)

    def _creation_message(self):
        return self.env._("LGPD request created")

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_answer(self):
        """Open the answer form (the answer reaches the customer on the portal and by e-mail)."""
        self._check_can_answer()
        return self._answer_wizard_action(STATE_ANSWERED)

    def action_refuse(self):
        self._check_can_answer()
        return self._answer_wizard_action(STATE_REFUSED)

    def action_anonymize_customer(self):
        """Anonymise the customer of an anonymisation request (refused with the reasons
        when they still have obligations in force)."""
        self._check_can_answer()
        self.ensure_one()
        if self.request_type != TYPE_ANONYMIZATION:
            raise UserError(self.env._("Only an anonymisation request anonymises its customer."))
        self.env["portal.privacy.anonymizer"]._anonymize(self.partner_id.commercial_partner_id)
        return True

    def _answer_wizard_action(self, outcome):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer %(request)s", request=self.name),
            "res_model": "portal.privacy.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id, "default_outcome": outcome},
        }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_can_answer(self):
        """Administrators of the requests' companies and developments answer them."""
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(self.env._("Only administrators answer LGPD requests."))
        self.check_access("write")

    def _answer(self, text, outcome=STATE_ANSWERED):
        """Answer (or refuse) the request: the customer reads it on the portal and gets it
        by e-mail, written in the company's name.

        :param str text: the answer
        :param str outcome: ``answered`` or ``refused``
        """
        self.ensure_one()
        self._check_can_answer()
        if outcome not in (STATE_ANSWERED, STATE_REFUSED):
            raise UserError(self.env._("Unknown answer: %(outcome)s.", outcome=outcome))
        if not (text or "").strip():
            raise UserError(self.env._("Write the answer before sending it."))
        if self.state != STATE_PENDING:
            raise UserError(self.env._("This request was answered already."))
        self.sudo().write({
            "state": outcome, "answer": text.strip(), "answered_by_id": self.env.user.id,
            "first_answer_date": fields.Datetime.now(),
        })
        self._message_post_from_company(MAIL_TEMPLATE_ANSWER)
        self._post_erp_occurrences()
        return True

    def _post_erp_occurrences(self):
        """When configured (``ERP_OCCURRENCE_PARAM``), tell Mega ERP of the answer: an
        occurrence on each contract of the customer in the request's company, once per
        request and contract (idempotency key). A refusal of the ERP is noted for staff
        and never undoes the answer."""
        if not str2bool(self.env["ir.config_parameter"].sudo().get_param(ERP_OCCURRENCE_PARAM) or "0"):
            return
        for request in self.sudo():
            backend = self.env["mega.backend"].sudo().search([("company_id", "=", request.company_id.id)], limit=1)
            contracts = request.partner_id.commercial_partner_id.realestate_contract_ids.filtered(
                lambda contract, company=request.company_id: contract.company_id == company,
            )
            if not backend or not contracts:
                continue
            reader = request.with_context(lang=request.company_id.partner_id.lang or "pt_BR")
            description = reader._erp_occurrence_description()
            try:
                client = client_for(backend)
                for contract in contracts:
                    key = f"lgpd-{request.id}-{contract.code}"
                    number = client.create_occurrence(
                        contract.code, ERP_OCCURRENCE_TYPE, description, request.first_answer_date, key,
                    )
                    if not contract.occurrence_ids.filtered(lambda o, n=str(number): o.erp_number == n):
                        self.env["realestate.contract.occurrence"].sudo().create({
                            "contract_id": contract.id, "occurrence_type": ERP_OCCURRENCE_TYPE,
                            "description": description, "erp_number": str(number),
                        })
            except MegaError as error:
                request.message_post(
                    body=reader.env._(
                        "Mega ERP did not record the occurrence of this answer: %(error)s",
                        error=str(error),
                    ),
                    message_type="notification", subtype_xmlid="mail.mt_note",
                )

    def _erp_occurrence_description(self):
        self.ensure_one()
        types = dict(self._fields["request_type"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        return self.env._(
            "LGPD request %(protocol)s (%(type)s): %(state)s. The customer's data held by Mega "
            "ERP is the ERP's to treat.",
            protocol=self.name, type=types[self.request_type], state=states[self.state],
        )

    def _send_protocol_confirmation(self):
        """The customer's receipt: protocol and deadline, in the thread and by e-mail."""
        odoobot = self.env.ref("base.user_root")
        self.sudo().with_user(odoobot)._message_post_from_company(MAIL_TEMPLATE_CONFIRMATION)

    @api.model
    def _prepare_portal_vals(self, partner, request_type, description):
        """The values of a request the customer files from ``/my/privacy``; errors by field."""
        errors = {}
        if request_type not in dict(PRIVACY_REQUEST_TYPES):
            errors["request_type"] = self.env._("Choose what you ask for.")
        description = (description or "").strip()
        if len(description) > DESCRIPTION_MAX_LENGTH:
            errors["description"] = self.env._(
                "The message is too long: at most %(max)s characters.", max=DESCRIPTION_MAX_LENGTH,
            )
        vals = {
            "partner_id": partner.commercial_partner_id.id, "request_type": request_type,
            "description": description or False,
        }
        return vals, errors
