# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RealestateBlock(models.Model):
    """A quadra (bloco) of a development. Mega numbers blocks within their development,
    so the code is unique per development (and so per company)."""

    _name = "realestate.block"
    _description = "Block (Quadra)"
    _order = "development_id, name, id"

    code = fields.Char(string="Mega Code", required=True, index=True, copy=False)
    name = fields.Char(required=True)
    development_id = fields.Many2one(
        "realestate.development", required=True, index=True, ondelete="cascade",
    )
    company_id = fields.Many2one(related="development_id.company_id", store=True, index=True)
    visible_on_portal = fields.Boolean(default=True)
    active = fields.Boolean(default=True)
    lot_ids = fields.One2many("realestate.lot", "block_id", string="Lots")

    _code_development_uniq = models.Constraint(
        "UNIQUE(development_id, code)",
        "A block with this Mega code already exists in this development.",
    )
