# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    portal_show_contracts = fields.Boolean(
        string="Contracts on the portal", default=True,
        help="Customers see their sale contracts under My Account on the portal.",
    )
