# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PortalChangeRequestLine(models.Model):
    """One field a customer asked to change: its original value (frozen when the request
    was submitted), the value asked for, the staff's correction if any, and the
    partner's current value when it has drifted since. Values are kept as text (see
    ``portal.change.field.rule``).

    Company: its request's.
    """

    _name = "portal.change.request.line"
    _description = "Registration Change"
    _order = "sequence, id"

    request_id = fields.Many2one(
        "portal.change.request", required=True, index=True, ondelete="cascade",
    )
    rule_id = fields.Many2one(
        "portal.change.field.rule", string="Field", required=True, ondelete="restrict",
    )
    field_name = fields.Char(related="rule_id.field_name")
    sequence = fields.Integer(related="rule_id.sequence", store=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    old_value = fields.Char(string="Original Value (raw)")
    requested_value = fields.Char(string="Requested Value (raw)")
    corrected_value = fields.Char(string="Corrected Value (raw)")
    is_corrected = fields.Boolean(string="Was corrected")
    final_value = fields.Char(compute="_compute_final_value")
    old_display = fields.Char(string="Original", compute="_compute_displays")
    requested_display = fields.Char(string="Requested", compute="_compute_displays")
    corrected_display = fields.Char(string="Corrected", compute="_compute_displays")
    final_display = fields.Char(string="New Value", compute="_compute_displays")
    current_display = fields.Char(string="Current", compute="_compute_displays")
    has_drifted = fields.Boolean(
        string="Changed since", compute="_compute_displays",
        help="The customer's data changed (e.g. in Mega ERP) after the request was submitted.",
    )

    @api.depends("requested_value", "corrected_value", "is_corrected")
    def _compute_final_value(self):
        for line in self:
            line.final_value = line.corrected_value if line.is_corrected else line.requested_value

    @api.depends("old_value", "requested_value", "corrected_value", "is_corrected",
                 "request_id.partner_id", "request_id.state")
    def _compute_displays(self):
        for line in self:
            rule = line.rule_id
            current = rule._read_text(line.request_id.partner_id) if rule else ""
            line.old_display = rule._display(line.old_value) if rule else ""
            line.requested_display = rule._display(line.requested_value) if rule else ""
            line.corrected_display = (
                rule._display(line.corrected_value) if rule and line.is_corrected else ""
            )
            line.final_display = rule._display(line.final_value) if rule else ""
            line.has_drifted = line.request_id.state == "pending" and current != (line.old_value or "")
            line.current_display = rule._display(current) if line.has_drifted else ""
