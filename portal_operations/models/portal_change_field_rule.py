# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import format_date

from mega_erp.models import AGENT_MAX_LENGTHS, AGENT_REQUIRED

from ..sync.mapping import AGENT_FIELDS
from ..validation import VALUE_KIND_SELECTION, VALUE_KINDS, check_value, existing_record, problem_message

FIELD_RULES = [
    ("review", "Needs review"),
    ("automatic", "Approved at once"),
    ("locked", "Locked"),
]
SECTIONS = [
    ("identification", "Identification"),
    ("marital", "Marital status"),
    ("contact", "Contact"),
    ("address", "Address"),
]
# Mega ERP refuses what its agent table cannot hold: the portal checks the same, so a
# customer hears of it at once rather than after an approval.
DEFAULT_MAX_LENGTH = 60
ERP_REQUIRED_FIELDS = frozenset(field for field, attribute in AGENT_FIELDS.items() if attribute in AGENT_REQUIRED)
# The portal also keeps an e-mail for every customer; Mega ERP's agents may lack one.
REQUIRED_FIELDS = ERP_REQUIRED_FIELDS | {"email"}
# The value kind of a rule created without one, by the type of its field.
DEFAULT_VALUE_KINDS = {"date": "date", "selection": "choice", "many2one": "choice"}


class _ExistingIds:
    """The ids of ``model``'s records, as the choices of a many2one (``in`` looks up)."""

    def __init__(self, model):
        self.model = model

    def __contains__(self, text):
        return text.isdigit() and bool(existing_record(self.model, int(text)))


class PortalChangeFieldRule(models.Model):
    """A personal-data field a customer may ask to change, and how a change is approved
    (Parâmetros Cadastrais). It also knows how to read, show, check and write the
    field's value, kept as text in change requests.

    Company: each company has its own set (its customers' changes follow its rules);
    the set of a new company is copied from the addon's own rules, and record rules
    keep each administrator to the sets of their companies.
    """

    _name = "portal.change.field.rule"
    _description = "Registration Field Rule"
    _order = "sequence, id"

    name = fields.Char(string="Label", required=True, translate=True)
    field_id = fields.Many2one(
        "ir.model.fields", string="Partner Field", required=True, ondelete="cascade",
        domain=[("model", "=", "res.partner")],
    )
    field_name = fields.Char(related="field_id.name", store=True, index=True)
    field_type = fields.Selection(selection="_selection_field_type", compute="_compute_field_type")
    value_kind = fields.Selection(
        VALUE_KIND_SELECTION, required=True, default="text",
        help="How the value is normalised, checked and shown (CPF/CNPJ, CEP, phone, e-mail…).",
    )
    section = fields.Selection(SECTIONS, required=True, default="identification")
    sequence = fields.Integer(default=10)
    rule = fields.Selection(
        FIELD_RULES, required=True, default="review",
        help="Needs review: the change waits for an administrator. Approved at once: the "
        "change is applied and sent to Mega ERP immediately. Locked: the customer cannot "
        "change it.",
    )

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True,
        default=lambda self: self.env.company,
    )

    _field_uniq = models.Constraint("UNIQUE(field_id, company_id)", "Each field has one rule per company.")

    def _selection_field_type(self):
        return self.env["ir.model.fields"]._fields["ttype"].selection

    @api.depends("field_id")
    def _compute_field_type(self):
        # from the registry: every request that reads the rules would otherwise read
        # their ir.model.fields
        partner_fields = self.env["res.partner"]._fields
        for rule in self:
            field = partner_fields.get(rule.field_name)
            rule.field_type = field.type if field else rule.field_id.ttype

    @api.model
    def _get_rules(self, company=None):
        """The rules of ``company`` (default: the current one) by field name, in display
        order."""
        rule_ids = self._get_rule_ids((company or self.env.company).id)
        rules = self.sudo().browse([rule_id for __, rule_id in rule_ids])
        return {field_name: rule for (field_name, __), rule in zip(rule_ids, rules, strict=True)}

    @api.model
    @tools.ormcache("company_id")
    def _get_rule_ids(self, company_id):
        # Every partner write checks the personal data against the rules (a pull of
        # Mega ERP's agents writes thousands): they are read once, not at each write.
        rules = self.sudo().search([("company_id", "=", company_id)])
        return tuple((rule.field_name, rule.id) for rule in rules)

    @api.model
    def _create_missing_company_rules(self, companies=None):
        """Give ``companies`` (default: all) the rules they lack, copied from the addon's
        own (its data records) with their approval reset to review: a new company
        decides its own. Called on company creation and at each module update."""
        templates = self.sudo().browse(self.env["ir.model.data"].sudo().search([
            ("module", "=", "portal_operations"), ("model", "=", self._name),
        ]).mapped("res_id")).exists()
        # every company: a handful of records
        companies = (companies or self.env["res.company"].sudo().search([], limit=None)).sudo()
        existing = {
            (rule.company_id.id, rule.field_id.id)
            for rule in self.sudo().search([("company_id", "in", companies.ids)])
        }
        copies = self.browse()
        for company in companies:
            for template in templates:
                if (company.id, template.field_id.id) not in existing:
                    copies |= template.copy({"company_id": company.id, "rule": "review"})
                    existing.add((company.id, template.field_id.id))
        return copies

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        for vals in vals_list:
            if not vals.get("value_kind") and vals.get("field_id"):
                field_type = self.env["ir.model.fields"].browse(vals["field_id"]).ttype
                vals["value_kind"] = DEFAULT_VALUE_KINDS.get(field_type, "text")
        return super().create(vals_list)

    def write(self, vals):
        if {"field_id", "sequence", "company_id"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    # ------------------------------------------------------------
    # Values as text
    # ------------------------------------------------------------

    def _partner_field(self):
        return self.env["res.partner"]._fields[self.field_name]

    def _read_text(self, partner):
        """The partner's current value, as the text a change request keeps."""
        self.ensure_one()
        return self._to_text(partner[self.field_name])

    def _to_text(self, value):
        """A value from a form, from code or from the partner, as text."""
        self.ensure_one()
        if not value:
            return ""
        # read once: every partner write converts each personal-data field
        field_type = self.field_type
        if field_type == "many2one":
            return str(value.id if isinstance(value, models.BaseModel) else int(value))
        if field_type == "date":
            return fields.Date.to_string(fields.Date.to_date(value))
        return VALUE_KINDS[self.value_kind].normalize(str(value).strip())

    def _to_write(self, text):
        """The text as a value to write on the partner."""
        self.ensure_one()
        if not text:
            return False
        if self.field_type == "many2one":
            return int(text)
        return text

    def _display(self, text):
        """The text as a person reads it (labels, names, formatted dates and numbers)."""
        self.ensure_one()
        if not text:
            return ""
        field = self._partner_field()
        if self.field_type == "selection":
            return dict(field._description_selection(self.env)).get(text, text)
        if self.field_type == "many2one":
            return self.env[field.comodel_name].sudo().browse(int(text)).exists().display_name or ""
        if self.field_type == "date":
            return format_date(self.env, text)
        return VALUE_KINDS[self.value_kind].display(text)

    def _choices(self):
        """(value, label) pairs a form offers for this field; empty for typed fields."""
        self.ensure_one()
        if self.field_type == "selection":
            return self._partner_field()._description_selection(self.env)
        if self.field_type == "many2one":
            states = self.env["res.country.state"].sudo().search_fetch(
                [("country_id.code", "=", "BR")], ["name"], order="name",
            )
            return [(str(state.id), state.name) for state in states]
        choices = VALUE_KINDS[self.value_kind].choices
        return [(choice, choice) for choice in choices] if choices else []

    def _input_value(self, text):
        """The text as a form input shows it: formatted for typed fields, the raw key or
        id for choices (the form offers their labels)."""
        self.ensure_one()
        return self._display(text) if self.field_type in ("char", "text") and not self._choices() else text

    # ------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------

    def _is_erp_required(self):
        self.ensure_one()
        return self.field_name in ERP_REQUIRED_FIELDS

    def _check_problem(self, text, person_type=None, brazilian=True):
        """The ``validation.Problem`` of ``text`` for this field, or None (see
        ``_check_text``)."""
        self.ensure_one()
        field_type = self.field_type
        limit = (
            AGENT_MAX_LENGTHS.get(AGENT_FIELDS.get(self.field_name), DEFAULT_MAX_LENGTH)
            if field_type in ("char", "text") else None
        )
        choices = None
        if field_type == "selection":
            choices = dict(self._partner_field()._description_selection(self.env))
        elif field_type == "many2one":
            choices = _ExistingIds(self.env[self._partner_field().comodel_name].sudo())
        return check_value(
            self.value_kind, text, required=self.field_name in REQUIRED_FIELDS, max_length=limit,
            person_type=person_type, brazilian=brazilian, choices=choices,
        )

    def _check_text(self, text, person_type=None, brazilian=True):
        """Why ``text`` is not acceptable for this field, or None. ``person_type`` is the
        one the change would leave the customer with (F or J); ``brazilian``: whether
        the address is Brazilian (else tax id, CEP and phones keep foreign formats)."""
        problem = self._check_problem(text, person_type, brazilian)
        return problem_message(self.env, self.name, problem) if problem else None
