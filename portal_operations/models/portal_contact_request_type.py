# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PortalContactRequestType(models.Model):
    """A Tipo de Solicitação of Fale Conosco: what the customer writes about.

    The responsible staff get an e-mail for each request of the type (when they opted in
    for Fale Conosco e-mails), besides the staff of the request's development.

    Company: one company's, or shared by all when empty.
    """

    _name = "portal.contact.request.type"
    _description = "Fale Conosco Request Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        translate=True, help="Shown to the customer under the type on the portal form.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    user_ids = fields.Many2many(
        "res.users", "portal_contact_request_type_res_users_rel", "type_id", "user_id",
        string="Responsible Staff",
        domain="[('share', '=', False)]",
        help="Staff who get an e-mail for each request of this type, when they chose to "
        "receive Fale Conosco e-mails.",
    )
    company_id = fields.Many2one("res.company", index=True)
    sla_days = fields.Integer(
        string="Answer Deadline (days)", default=7,
        help="Calendar days the customer waits at most for an answer, from the "
        "registration of the request (Decreto nº 11.034/2022: seven). 0: no deadline.",
    )
    request_count = fields.Integer(compute="_compute_request_count")

    @api.constrains("sla_days")
    def _check_sla_days(self):
        for request_type in self:
            if request_type.sla_days < 0:
                raise ValidationError(self.env._(
                    "The answer deadline of %(type)s cannot be negative: use 0 for no "
                    "deadline.", type=request_type.name,
                ))

    def _compute_request_count(self):
        counts = dict(self.env["portal.contact.request"]._read_group(
            [("type_id", "in", self.ids)], ["type_id"], ["__count"],
        ))
        for request_type in self:
            request_type.request_count = counts.get(request_type, 0)

    def action_open_requests(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "portal_operations.portal_contact_request_action",
        )
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id}
        return action
