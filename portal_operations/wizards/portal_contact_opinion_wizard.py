# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..constants import CONTACT_REQUEST_STATES


class PortalContactOpinionWizard(models.TransientModel):
    """Adicionar parecer: the administrator picks the status and writes the parecer.

    Company: none of its own, it works on one request, whose rules apply.
    """

    _name = "portal.contact.opinion.wizard"
    _description = "Add a Fale Conosco Opinion"

    request_id = fields.Many2one(
        "portal.contact.request", required=True, ondelete="cascade",
    )
    state = fields.Selection(CONTACT_REQUEST_STATES, string="Status", required=True, default="resolved")
    text = fields.Text(string="Opinion", required=True)
    internal = fields.Boolean(
        help="Staff only: the customer neither sees it on the portal nor gets an e-mail.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._add_opinion(self.state, self.text, internal=self.internal)
        return {"type": "ir.actions.act_window_close"}
