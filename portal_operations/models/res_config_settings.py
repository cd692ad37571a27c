# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    portal_show_contracts = fields.Boolean(
        related="company_id.portal_show_contracts", readonly=False,
    )
    portal_contact_max_attachment_mb = fields.Integer(
        related="company_id.portal_contact_max_attachment_mb", readonly=False,
    )
    portal_contact_allowed_extensions = fields.Char(
        related="company_id.portal_contact_allowed_extensions", readonly=False,
    )
