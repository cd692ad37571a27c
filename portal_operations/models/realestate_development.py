# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from brazil_rules import UFS

DEVELOPMENT_KINDS = [
    ("development", "Development"),
    ("third_party_asset", "Third-party asset"),
]


class RealestateDevelopment(models.Model):
    """An empreendimento / loteamento of the company, or a bem de terceiro it manages
    for an owner; mirrored from Mega ERP."""

    _name = "realestate.development"
    _description = "Development"
    _order = "name, id"

    code = fields.Char(string="Mega Code", required=True, index=True, copy=False)
    name = fields.Char(required=True, index="trigram")
    kind = fields.Selection(DEVELOPMENT_KINDS, required=True, default="development")
    city = fields.Char()
    state_code = fields.Selection(
        [(uf, uf) for uf in sorted(UFS)], string="State (UF)",
    )
    visible_on_portal = fields.Boolean(default=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    block_ids = fields.One2many("realestate.block", "development_id", string="Blocks")
    lot_ids = fields.One2many("realestate.lot", "development_id", string="Lots")
    contract_ids = fields.One2many("realestate.contract", "development_id", string="Contracts")
    block_count = fields.Integer(compute="_compute_counts")
    lot_count = fields.Integer(compute="_compute_counts")
    contract_count = fields.Integer(compute="_compute_counts")

    _code_company_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "A development with this Mega code already exists in this company.",
    )

    @api.depends("block_ids", "lot_ids", "contract_ids")
    def _compute_counts(self):
        for model, field in (
            ("realestate.block", "block_count"),
            ("realestate.lot", "lot_count"),
            ("realestate.contract", "contract_count"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("development_id", "in", self.ids)], ["development_id"], ["__count"],
                )
            )
            for development in self:
                development[field] = counts.get(development, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for development in self:
            development.display_name = (
                f"[{development.code}] {development.name}" if development.code else development.name
            )

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "like", "=", "=like", "=ilike") and value:
            return ["|", ("code", operator, value), ("name", operator, value)]
        return super()._search_display_name(operator, value)

    def _action_open_related(self, model, title):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("development_id", "=", self.id)],
            "context": {"default_development_id": self.id},
        }

    def action_open_blocks(self):
        return self._action_open_related("realestate.block", self.env._("Blocks"))

    def action_open_lots(self):
        return self._action_open_related("realestate.lot", self.env._("Lots"))

    def action_open_contracts(self):
        return self._action_open_related("realestate.contract", self.env._("Contracts"))
