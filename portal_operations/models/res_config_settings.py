# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    portal_show_contracts = fields.Boolean(
        related="company_id.portal_show_contracts", readonly=False,
    )
    change_approval_mode = fields.Selection(
        related="company_id.change_approval_mode", readonly=False,
    )
