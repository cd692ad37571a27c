# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RealestateLot(models.Model):
    """A lote (unidade) of a block.

    Company: its block's; staff see those of their allowed companies (global rule).
    """

    _name = "realestate.lot"
    _description = "Lot (Unit)"
    _order = "development_id, block_id, name, id"

    code = fields.Char(string="Mega Code", required=True, index=True, copy=False)
    name = fields.Char(string="Name / Number", required=True)
    block_id = fields.Many2one("realestate.block", required=True, index=True, ondelete="cascade")
    development_id = fields.Many2one(
        "realestate.development", related="block_id.development_id", store=True, index=True,
    )
    company_id = fields.Many2one(related="block_id.company_id", store=True, index=True)
    area = fields.Float(string="Area (m²)", digits=(12, 2))
    active = fields.Boolean(default=True)

    _code_block_uniq = models.Constraint(
        "UNIQUE(block_id, code)",
        "A lot with this Mega code already exists in this block.",
    )

    @api.constrains("area")
    def _check_area(self):
        if any(lot.area < 0 for lot in self):
            raise ValidationError(self.env._("The area of a lot cannot be negative."))
