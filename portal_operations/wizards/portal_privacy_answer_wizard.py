# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.portal_privacy_request import STATE_ANSWERED, STATE_REFUSED


class PortalPrivacyAnswerWizard(models.TransientModel):
    """The administrator's answer (or refusal) to an LGPD request. Company: the
    request's; only an administrator who may write that request (its company, its
    development) answers through it."""

    _name = "portal.privacy.answer.wizard"
    _description = "Answer an LGPD Request"

    request_id = fields.Many2one("portal.privacy.request", required=True, ondelete="cascade")
    outcome = fields.Selection(
        [(STATE_ANSWERED, "Answer"), (STATE_REFUSED, "Refuse")], required=True,
        default=STATE_ANSWERED,
    )
    answer = fields.Text(required=True, help="The customer reads it on the portal and by e-mail.")

    def action_send(self):
        self.ensure_one()
        self.request_id._answer(self.answer, self.outcome)
        return {"type": "ir.actions.act_window_close"}
