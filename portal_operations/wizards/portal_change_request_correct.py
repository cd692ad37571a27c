# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


class PortalChangeRequestCorrect(models.TransientModel):
    """Corrigir: staff edit the values a customer asked for. The request keeps the
    original, the requested and the corrected values and stays pending.

    Company: none of its own, it works on one request, whose rules apply.
    """

    _name = "portal.change.request.correct"
    _description = "Correct a Registration Change Request"

    request_id = fields.Many2one("portal.change.request", required=True, ondelete="cascade")
    line_ids = fields.One2many("portal.change.request.correct.line", "wizard_id")
    # Which kinds of value the lines hold: the list shows one "corrected" column per kind
    # present, each with its own title, instead of four columns with the same one.
    has_text_lines = fields.Boolean(compute="_compute_line_kinds")
    has_date_lines = fields.Boolean(compute="_compute_line_kinds")
    has_selection_lines = fields.Boolean(compute="_compute_line_kinds")
    has_state_lines = fields.Boolean(compute="_compute_line_kinds")

    @api.depends("line_ids.field_type")
    def _compute_line_kinds(self):
        for wizard in self:
            types = set(wizard.line_ids.mapped("field_type"))
            wizard.has_date_lines = "date" in types
            wizard.has_selection_lines = "selection" in types
            wizard.has_state_lines = "many2one" in types
            wizard.has_text_lines = bool(types - {"date", "selection", "many2one"})

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["portal.change.request"].browse(values.get("request_id"))
        if "line_ids" in fields_list and request:
            values["line_ids"] = [
                Command.create(self.env["portal.change.request.correct.line"]._prepare_line_vals(line))
                for line in request.line_ids
            ]
        return values

    def _corrected_values(self):
        return {line.field_name: line._get_value() for line in self.line_ids}

    def action_correct(self):
        self.request_id._correct(self._corrected_values())
        return {"type": "ir.actions.act_window_close"}

    def action_correct_and_approve(self):
        self.request_id._correct(self._corrected_values())
        self.request_id.action_confirm_approve()
        return {"type": "ir.actions.act_window_close"}


class PortalChangeRequestCorrectLine(models.TransientModel):
    """One requested value in the correction wizard, edited with the widget of its type.

    Company: none of its own (a line of the correction wizard).
    """

    _name = "portal.change.request.correct.line"
    _description = "Correct a Requested Value"

    wizard_id = fields.Many2one("portal.change.request.correct", required=True, ondelete="cascade")
    request_line_id = fields.Many2one("portal.change.request.line", required=True, ondelete="cascade")
    rule_id = fields.Many2one(related="request_line_id.rule_id")
    field_name = fields.Char(related="rule_id.field_name")
    field_type = fields.Selection(related="rule_id.field_type")
    partner_field_id = fields.Many2one(related="rule_id.field_id")
    old_display = fields.Char(related="request_line_id.old_display", string="Original")
    requested_display = fields.Char(related="request_line_id.requested_display", string="Requested")
    value_char = fields.Char(string="Corrected text")
    value_date = fields.Date(string="Corrected date")
    value_selection_id = fields.Many2one(
        "ir.model.fields.selection", string="Corrected option",
        domain="[('field_id', '=', partner_field_id)]",
    )
    value_state_id = fields.Many2one(
        "res.country.state", string="Corrected state (UF)", domain="[('country_id.code', '=', 'BR')]",
    )

    @api.model
    def _prepare_line_vals(self, request_line):
        rule = request_line.rule_id
        text = request_line.final_value or ""
        vals = {"request_line_id": request_line.id}
        if rule.field_type == "date":
            vals["value_date"] = text or False
        elif rule.field_type == "selection":
            vals["value_selection_id"] = self.env["ir.model.fields.selection"].sudo().search(
                [("field_id", "=", rule.field_id.id), ("value", "=", text)], limit=1,
            ).id
        elif rule.field_type == "many2one":
            vals["value_state_id"] = int(text) if text else False
        else:
            vals["value_char"] = text
        return vals

    def _get_value(self):
        self.ensure_one()
        if self.field_type == "date":
            return self.value_date
        if self.field_type == "selection":
            return self.value_selection_id.value or False
        if self.field_type == "many2one":
            return self.value_state_id
        return self.value_char
