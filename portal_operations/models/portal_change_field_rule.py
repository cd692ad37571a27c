# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import api, fields, models, tools
from odoo.tools import format_date
from odoo.tools.mail import email_normalize

from mega_erp import brazil
from mega_erp.models import AGENT_MAX_LENGTHS, AGENT_PHONE_KINDS, AGENT_REQUIRED, STREET_TYPES

from ..sync.mapping import AGENT_FIELDS
from ..validation import cep_error, cpf_cnpj_error, existing_record, text_error

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
# Checked in Brazilian formats on Brazilian addresses only.
BRAZILIAN_FORMAT_FIELDS = {"vat", "zip", "phone", "mobile"}


def is_valid_email(text):
    """mega_erp's rule (email-validator), and an address Odoo normalizes the same way, so
    that mail threads find the partner by it."""
    return brazil.is_valid_email(text) and bool(email_normalize(text))


class PortalChangeFieldRule(models.Model):
    """A personal-data field a customer may ask to change, and how a change is approved
    (Parâmetros Cadastrais). It also knows how to read, show, check and write the
    field's value, kept as text in change requests."""

    _name = "portal.change.field.rule"
    _description = "Registration Field Rule"
    _order = "sequence, id"

    name = fields.Char(string="Label", required=True, translate=True)
    field_id = fields.Many2one(
        "ir.model.fields", string="Partner Field", required=True, ondelete="cascade",
        domain=[("model", "=", "res.partner")],
    )
    field_name = fields.Char(related="field_id.name", store=True, index=True)
    field_type = fields.Selection(related="field_id.ttype")
    section = fields.Selection(SECTIONS, required=True, default="identification")
    sequence = fields.Integer(default=10)
    rule = fields.Selection(
        FIELD_RULES, required=True, default="review",
        help="Needs review: the change waits for an administrator. Approved at once: the "
        "change is applied and sent to Mega ERP immediately. Locked: the customer cannot "
        "change it.",
    )

    _field_uniq = models.Constraint("UNIQUE(field_id)", "Each field has one rule.")

    @api.model
    def _get_rules(self):
        """The rules by field name, in display order."""
        rule_ids = self._get_rule_ids()
        rules = self.sudo().browse([rule_id for __, rule_id in rule_ids])
        return {field_name: rule for (field_name, __), rule in zip(rule_ids, rules, strict=True)}

    @api.model
    @tools.ormcache()
    def _get_rule_ids(self):
        # Every partner write checks the personal data against the rules (a pull of
        # Mega ERP's agents writes thousands): they are read once, not at each write.
        return tuple((rule.field_name, rule.id) for rule in self.sudo().search([]))

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if {"field_id", "sequence"} & set(vals):
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
        field_type, name = self.field_type, self.field_name
        if field_type == "many2one":
            return str(value.id if isinstance(value, models.BaseModel) else int(value))
        if field_type == "date":
            return fields.Date.to_string(fields.Date.to_date(value))
        text = str(value).strip()
        if name in ("vat", "spouse_cpf") and brazil.is_valid_cpf_cnpj(text):
            return brazil.only_digits(text)
        if name == "zip" and brazil.is_valid_cep_text(text):
            return brazil.format_cep(text)
        if name in ("phone", "mobile"):
            return brazil.format_phone(text)
        return text

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
        if self.field_name in ("vat", "spouse_cpf"):
            return brazil.format_cpf_cnpj(text)
        return text

    def _choices(self):
        """(value, label) pairs a form offers for this field; empty for typed fields."""
        self.ensure_one()
        if self.field_type == "selection":
            return self._partner_field()._description_selection(self.env)
        if self.field_type == "many2one":
            states = self.env["res.country.state"].sudo().search([("country_id.code", "=", "BR")], order="name")
            return [(str(state.id), state.name) for state in states]
        if self.field_name == "street_type":
            return [(street_type, street_type) for street_type in STREET_TYPES]
        return []

    def _input_value(self, text):
        """The text as a form input shows it: formatted for typed fields, the raw key or
        id for choices (the form offers their labels)."""
        self.ensure_one()
        return self._display(text) if self.field_type in ("char", "text") and not self._choices() else text

    # ------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------

    def _check_text(self, text, person_type=None, brazilian=True):
        """Why ``text`` is not acceptable for this field, or None. ``person_type`` is the
        one the change would leave the customer with (F or J); ``brazilian``: whether
        the address is Brazilian (else tax id, CEP and phones keep foreign formats)."""
        self.ensure_one()
        label, name, field_type = self.name, self.field_name, self.field_type
        limit = (
            AGENT_MAX_LENGTHS.get(AGENT_FIELDS.get(name), DEFAULT_MAX_LENGTH)
            if field_type in ("char", "text") else None
        )
        message = text_error(self.env, label, text, required=name in REQUIRED_FIELDS, max_length=limit)
        if message or not text:
            return message
        if name == "street_type" and text not in STREET_TYPES:
            return self.env._("%(field)s: choose one of the options.", field=label)
        if field_type == "selection":
            if text not in dict(self._partner_field()._description_selection(self.env)):
                return self.env._("%(field)s: choose one of the options.", field=label)
        elif field_type == "many2one":
            comodel = self._partner_field().comodel_name
            if not text.isdigit() or not existing_record(self.env[comodel].sudo(), int(text)):
                return self.env._("%(field)s: choose one of the options.", field=label)
        elif field_type == "date":
            try:
                value = fields.Date.to_date(text)
            except ValueError:
                return self.env._("%(field)s is not a valid date.", field=label)
            if name == "birth_date" and value > date.today():
                return self.env._("%(field)s cannot be in the future.", field=label)
        elif not brazilian and name in BRAZILIAN_FORMAT_FIELDS:
            return None
        elif name == "vat":
            return cpf_cnpj_error(self.env, label, text, person_type)
        elif name == "spouse_cpf" and not brazil.is_valid_cpf(text):
            return self.env._("%(field)s: this is not a valid CPF.", field=label)
        elif name == "zip" and not brazil.is_valid_cep_text(text):
            return cep_error(self.env, label, text)
        elif name == "phone" and not brazil.is_valid_phone(text, AGENT_PHONE_KINDS[name]):
            return self.env._(
                "%(field)s: enter a Brazilian number with an existing area code (DDD), e.g. (19) 3251-4000.",
                field=label,
            )
        elif name == "mobile" and not brazil.is_valid_phone(text, AGENT_PHONE_KINDS[name]):
            return self.env._(
                "%(field)s: enter a Brazilian mobile with an existing area code (DDD) and 9 digits, "
                "e.g. (19) 99876-5432.",
                field=label,
            )
        elif name == "email" and not is_valid_email(text):
            return self.env._("%(field)s: this is not a valid e-mail address.", field=label)
        elif name == "other_emails" and not all(is_valid_email(item) for item in brazil.split_emails(text)):
            return self.env._("%(field)s: separate valid e-mail addresses with commas.", field=label)
        return None
