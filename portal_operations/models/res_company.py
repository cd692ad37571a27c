# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

APPROVAL_MODES = [
    ("administrator", "By an administrator"),
    ("automatic", "Automatic"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    portal_show_contracts = fields.Boolean(
        string="Contracts on the portal", default=True,
        help="Customers see their sale contracts under My Account on the portal.",
    )
    change_approval_mode = fields.Selection(
        APPROVAL_MODES, string="Registration changes approval", required=True,
        default="administrator",
        help="By an administrator: changes asked by customers wait for review, except the "
        "fields approved at once. Automatic: every change not locked is applied and sent "
        "to Mega ERP at once.",
    )
