# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PortalChangeRequestReject(models.TransientModel):
    """Reprovar: reject a request with the reason the customer will read.

    Company: none of its own, it works on one request, whose rules apply.
    """

    _name = "portal.change.request.reject"
    _description = "Reject a Registration Change Request"

    request_id = fields.Many2one("portal.change.request", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Shown to the customer on the portal and by e-mail.")

    def action_reject(self):
        self.request_id._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
