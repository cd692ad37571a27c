# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections.abc import Collection

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.modules.db import FunctionStatus

import brazil_rules as brazil

from ..sync.mapping import AGENT_FIELDS
from ..validation import (
    BACKOFFICE,
    ERP,
    STORED_AS_WRITTEN,
    check_personal_data,
    check_value,
    control_characters_errors,
    is_cpf_cnpj_shaped,
    personal_data_error,
    personal_data_messages,
    problem_message,
    source_of,
)

PERSON_TYPES = [("F", "Individual"), ("J", "Legal entity")]
MARITAL_STATUSES = [
    ("single", "Single"),
    ("married", "Married"),
    ("divorced", "Divorced"),
    ("widowed", "Widowed"),
    ("separated", "Separated"),
    ("stable_union", "Stable union"),
]
MARRIAGE_REGIMES = [
    ("partial_community", "Partial community of property"),
    ("universal_community", "Universal community of property"),
    ("total_separation", "Total separation of property"),
    ("final_participation", "Final participation in acquisitions"),
]


# The address inputs of Odoo's forms that hold personal data under another name (see
# ``_address_form_personal_data``).
ADDRESS_FORM_FIELDS = ("street", "street2", "city_id")


def _trigram_index(column):
    """A trigram index on ``column`` built as Odoo builds ``index="trigram"`` (with
    ``unaccent`` when the searches use it), for ``ilike '%…%'``; none without pg_trgm."""

    def definition(registry):
        if not registry.has_trigram:
            return ""
        expression = f'"{column}"'
        if registry.has_unaccent == FunctionStatus.INDEXABLE:
            expression = registry.unaccent(expression)
        return f"USING gin ({expression} gin_trgm_ops)"

    return definition


class ResPartner(models.Model):
    """A Mega ERP agente: the personal data (Dados Pessoais) a customer may ask to change.

    The CPF/CNPJ lives in Odoo's own ``vat``, stored as digits only, and is edited and
    shown formatted through ``cpf_cnpj``."""

    _inherit = "res.partner"

    mega_agent_code = fields.Char(
        index="btree_not_null", copy=False,
        help="Code of this person or company in the agent registry of Mega ERP.",
    )
    person_type = fields.Selection(PERSON_TYPES)
    cpf_cnpj = fields.Char(
        string="CPF/CNPJ", compute="_compute_cpf_cnpj", inverse="_inverse_cpf_cnpj",
        search="_search_cpf_cnpj",
    )
    rg = fields.Char(string="RG")
    rg_issuer = fields.Char(string="RG Issuer")
    birth_date = fields.Date()
    marital_status = fields.Selection(MARITAL_STATUSES)
    marriage_regime = fields.Selection(MARRIAGE_REGIMES)
    spouse_name = fields.Char()
    spouse_cpf = fields.Char(string="Spouse CPF")
    profession = fields.Char()
    nationality = fields.Char()
    other_emails = fields.Char(help="Further e-mail addresses, separated by commas.")
    mobile = fields.Char()
    # The address is Odoo's own (base_address_extended): street_name, street_number and
    # street_number2 (the complement) make ``street``; ``street2`` is the district's line,
    # as in l10n_br; ``city_id`` the city where the country has cities. The street type
    # and the district are the addon's, as Mega ERP keeps them.
    street_type = fields.Char(help="Rua, Avenida, Alameda, Travessa…")
    district = fields.Char(string="District (Bairro)", help="Shown as the second line of the address.")
    realestate_contract_ids = fields.One2many(
        "realestate.contract", "partner_id", string="Sale Contracts",
    )
    privacy_anonymized_date = fields.Datetime(
        string="Anonymised on", readonly=True, copy=False,
        help="When this person was anonymised (LGPD): a synchronization with Mega ERP "
        "keeps the anonymised values and never brings their data back.",
    )
    mega_portal_invited = fields.Boolean(
        string="Invited to the portal", copy=False,
        help="The synchronization already sent this customer Odoo's portal invitation.",
    )
    change_request_ids = fields.One2many(
        "portal.change.request", "partner_id", string="Registration Change Requests",
    )
    realestate_contract_count = fields.Integer(
        string="Contracts", compute="_compute_realestate_contract_count",
    )
    # "field:problem,…" (see validation.check_personal_data), stored at import and
    # whenever the data changes; mega_data_issues words it in the reader's language.
    mega_data_issue_codes = fields.Char(
        compute="_compute_mega_data_issue_codes", store=True, index="btree_not_null", copy=False,
        string="Data to review (codes)",
    )
    mega_data_issues = fields.Text(
        string="Data to review", compute="_compute_mega_data_issues", search="_search_mega_data_issues",
        help="Values Mega ERP holds for this customer that break a rule of the portal: staff "
        "review them, the customer fixes them through a change request.",
    )

    _mega_agent_code_uniq = models.UniqueIndex(
        "(COALESCE(company_id, 0), mega_agent_code) WHERE mega_agent_code IS NOT NULL",
        "A customer with this Mega agent code already exists in this company.",
    )
    # A search by CPF/CNPJ (``cpf_cnpj``, i.e. ``vat ilike``) or by name (``name_search``,
    # an ``ilike`` on each column of ``_rec_names_search``) reads every partner unless
    # each column has an index PostgreSQL can use; ``company_registry``, rarely set, is
    # served by Odoo's own partial index. See bench/bench_change_request_list.py.
    _vat_trigram_idx = models.Index(_trigram_index("vat"))
    _complete_name_trigram_idx = models.Index(_trigram_index("complete_name"))
    _email_trigram_idx = models.Index(_trigram_index("email"))
    _ref_trigram_idx = models.Index(_trigram_index("ref"))

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def _field_label(self, field_name):
        field = self._fields.get(field_name)
        return field._description_string(self.env) if field else field_name

    def _personal_data_label(self, field_name):
        """A personal-data field's name as the portal shows it (its rule's label)."""
        rule = self.env["portal.change.field.rule"]._get_rules().get(field_name)
        return rule.name if rule else self._field_label(field_name)

    @api.constrains("vat", "person_type", "country_id", "mega_agent_code")
    def _check_cpf_cnpj(self):
        """A Brazilian partner's CPF/CNPJ is checked as the portal checks it: with a
        person type, or when the number is CPF- or CNPJ-shaped (a foreign VAT number,
        with letters or another length, is left alone). Mega ERP's values are stored as
        sent (and flagged, see ``mega_data_issues``)."""
        if source_of(self.env) in STORED_AS_WRITTEN:
            return
        for partner in self.filtered("vat"):
            brazilian = partner.country_id.code == "BR" or partner.mega_agent_code
            if not (partner.person_type or (brazilian and is_cpf_cnpj_shaped(partner.vat))):
                continue
            problem = check_value("cpf_cnpj", partner.vat, person_type=partner.person_type)
            if problem:
                raise ValidationError(problem_message(self.env, self._personal_data_label("vat"), problem))

    def _cpf_cnpj_message(self, vals):
        """The message of ``_check_cpf_cnpj`` on the tax id ``vals`` leave ``self`` (a
        partner, or none when it is created) with; None when it is valid or not checked."""

        def value(name):
            return vals[name] if name in vals else (self[name] if self else False)

        vat, person_type = value("vat"), value("person_type")
        country = self.country_id
        if "country_id" in vals:
            country = self.env["res.country"].browse(vals["country_id"] or [])
        brazilian = country.code == "BR" or value("mega_agent_code")
        if not vat or not (person_type or (brazilian and is_cpf_cnpj_shaped(vat))):
            return None
        problem = check_value("cpf_cnpj", vat, person_type=person_type)
        return problem_message(self.env, self._personal_data_label("vat"), problem) if problem else None

    def _raise_own_cpf_cnpj_message(self, vals_list, error):
        """base_vat checks a Brazilian CPF/CNPJ too, as the tax id or the country is
        written, before the addon's constraint: a wrong number gets one message, the
        addon's, whichever module raised ``error`` first. ``vals_list``: one per record
        of ``self``, or the values of the partners created (``self`` empty)."""
        if any({"vat", "country_id", "person_type"} & set(vals) for vals in vals_list):
            for partner, vals in zip(self or [self] * len(vals_list), vals_list, strict=True):
                vat = vals["vat"] if "vat" in vals else partner.vat
                message = partner._cpf_cnpj_message(vals)
                if message and vat and vat in str(error):  # base_vat names the number it refuses
                    raise ValidationError(message) from error
        raise error

    @api.constrains("spouse_cpf")
    def _check_spouse_cpf(self):
        if source_of(self.env) in STORED_AS_WRITTEN:
            return
        for partner in self.filtered("spouse_cpf"):
            problem = check_value("cpf", partner.spouse_cpf)
            if problem:
                raise ValidationError(problem_message(self.env, self._personal_data_label("spouse_cpf"), problem))

    def _check_written_values(self, vals):
        """Refuse through the ORM what the portal refuses (RPC, imports, the back office):
        control characters in any text, and for the loteadora's customers every check
        of the personal data the portal makes (required, lengths of Mega ERP, formats),
        on the fields written. ``self`` is empty on create. What Mega ERP sends is
        stored as sent: the importer cleaned what Odoo cannot store."""
        if source_of(self.env) in STORED_AS_WRITTEN:
            return
        errors = control_characters_errors(self.env, vals, self._personal_data_label)
        if errors:
            raise personal_data_error(errors)
        rules = self.env["portal.change.field.rule"]._get_rules()
        if not self.env.context.get("street_from_parts"):
            # a street written whole is checked as the name, number and complement it makes
            vals = self._address_form_personal_data(vals)
        personal = {name: value for name, value in vals.items() if name in rules}
        if not personal:
            return
        country = self.env["res.country"].browse(vals["country_id"]) if vals.get("country_id") else None
        parent = self.browse(vals.get("parent_id") or [])
        for partner in self or [self]:
            if vals.get("mega_agent_code") or (partner or parent)._is_portal_operations_customer():
                problems = check_personal_data(self.env, partner, personal, BACKOFFICE, country=country)
                if problems:
                    raise personal_data_error(personal_data_messages(self.env, problems))

    def _mega_data_problems(self):
        """The problems of this customer's current personal data (see ``mega_data_issues``)."""
        self.ensure_one()
        rules = self.env["portal.change.field.rule"]._get_rules()
        return check_personal_data(self.env, self, {name: self[name] for name in rules}, ERP)

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("vat")
    def _compute_cpf_cnpj(self):
        for partner in self:
            partner.cpf_cnpj = brazil.format_cpf_cnpj(partner.vat) if partner.vat else False

    def _inverse_cpf_cnpj(self):
        for partner in self:
            partner.vat = partner.cpf_cnpj

    def _search_cpf_cnpj(self, operator, value):
        def normalize(item):
            return brazil.only_digits(item) or item if isinstance(item, str) else item

        if isinstance(value, Collection) and not isinstance(value, str):
            return [("vat", operator, [normalize(item) for item in value])]
        return [("vat", operator, normalize(value))]

    @api.depends("mega_agent_code", "country_id", "privacy_anonymized_date", *AGENT_FIELDS)
    def _compute_mega_data_issue_codes(self):
        # an anonymised customer's blanks are on purpose: nothing to review
        for partner in self:
            checked = partner.mega_agent_code and not partner.privacy_anonymized_date
            problems = partner._mega_data_problems() if checked else {}
            partner.mega_data_issue_codes = ",".join(
                f"{name}:{problem.code}" for name, problem in problems.items()
            ) or False

    @api.depends("mega_data_issue_codes")
    @api.depends_context("lang")
    def _compute_mega_data_issues(self):
        for partner in self:
            partner.mega_data_issues = "\n".join(
                partner._mega_data_issue_messages().values()
            ) if partner.mega_data_issue_codes else False

    def _search_mega_data_issues(self, operator, value):
        return [("mega_data_issue_codes", operator, value)]

    def _mega_data_issue_messages(self):
        """{field name: message} of the flagged data, in the reader's language."""
        self.ensure_one()
        if not self.mega_data_issue_codes:
            return {}
        return personal_data_messages(self.env, self._mega_data_problems())

    def _compute_realestate_contract_count(self):
        counts = dict(self.env["realestate.contract"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"],
        ))
        for partner in self:
            partner.realestate_contract_count = counts.get(partner, 0)

    def _is_portal_operations_customer(self):
        """Whether this partner is one of the loteadora's customers (an agent of Mega ERP,
        or a contact of one). Only they get the addon's portal behaviour (changes as
        requests, Brazilian formats, locked fields); other portal users (buyers,
        suppliers, foreign customers) keep Odoo's own forms and checks. False for none."""
        return bool(self) and bool(self.ensure_one().commercial_partner_id.mega_agent_code)

    def _is_brazilian(self, country=None):
        """Whether the address (with ``country``, a ``res.country``, instead of the
        partner's own when given) is Brazilian: Brazilian formats apply to it. A partner
        with no country yet is taken as Brazilian."""
        country = self.country_id if country is None else country
        return not country or country.code == "BR"

    @api.onchange("person_type")
    def _onchange_person_type(self):
        if self.person_type:
            self.company_type = "company" if self.person_type == "J" else "person"

    @api.onchange("city_id")
    def _onchange_city_id(self):
        # base_address_extended replaces the CEP by the city's one zip: l10n_br's cities
        # have ranges of CEPs instead, and none
        zip_code = self.zip
        result = super()._onchange_city_id()
        if self.city_id and not self.city_id.zipcode:
            self.zip = zip_code
        return result

    @api.onchange("zip")
    def _onchange_zip_fill_address(self):
        """Typing a Brazilian CEP fills the address (see ``portal.cep.address``)."""
        if self.zip and (not self.country_id or self.country_id.code == "BR"):
            values = self.env["portal.cep.address"]._lookup(self.zip)
            if values:  # the form shows ``street``, which Odoo makes of its parts on save
                values["street"] = " ".join(filter(None, (values["street_name"], self.street_number)))
                if self.street_number2:
                    values["street"] += " - " + self.street_number2
                values["street2"] = values["district"]
            self.update(values)

    # ------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------

    @api.model
    def _normalize_cpf_cnpj_vals(self, vals):
        """Store a CPF/CNPJ typed with dots, dashes and slashes as digits only; other tax
        ids (foreign VAT numbers contain letters or other lengths) are kept as typed."""
        vat = vals.get("vat")
        if isinstance(vat, str) and not any(char.isalpha() for char in vat):
            digits = brazil.only_digits(vat)
            if len(digits) in (11, 14):
                vals["vat"] = digits
        if vals.get("spouse_cpf"):
            vals["spouse_cpf"] = brazil.only_digits(vals["spouse_cpf"]) or vals["spouse_cpf"]
        return vals

    def _complete_address_vals(self, vals):
        """The parts of the address Odoo keeps twice follow the written one: the district
        is the address's second line (``street2``), the city's name (``city``) and the
        city (``city_id``) agree where the country has cities. ``self``: the partners
        written (empty on create)."""
        if "district" in vals and "street2" not in vals:
            vals["street2"] = vals["district"]
        elif "street2" in vals and "district" not in vals:  # l10n_br's "Neighborhood"
            vals["district"] = vals["street2"]
        if vals.get("city_id") and "city" not in vals:
            vals["city"] = self.env["res.city"].sudo().browse(vals["city_id"]).name
        elif "city" in vals and "city_id" not in vals:
            states = self.env["res.country.state"].browse(vals["state_id"]) if "state_id" in vals else self.state_id
            if len(states) == 1 and states.country_id.code == "BR":
                vals["city_id"] = self.env["res.city"]._portal_operations_match(vals["city"], states).id
        return vals

    def _inverse_street_data(self):
        # base_address_extended writes ``street`` made of the parts just written (and checked)
        return super(ResPartner, self.with_context(street_from_parts=True))._inverse_street_data()

    @api.model
    def _address_form_personal_data(self, vals):
        """``vals`` of one of Odoo's address forms (/my/account, with or without l10n_br)
        as personal data: a ``street`` typed whole is split into street name, number and
        complement, the second line (``street2``) is the district, l10n_br's city select
        (``city_id``) gives the city's name. The other values are kept as they are."""
        vals = dict(vals)
        street = vals.pop("street", None)
        if street is not None and not {"street_name", "street_number", "street_number2"} & set(vals):
            vals.update(tools.street_split(street or ""))
        if "street2" in vals and "district" not in vals:
            vals["district"] = vals.pop("street2")
        if "city_id" in vals:
            city = self.env["res.city"].sudo().browse(int(vals.pop("city_id") or 0))
            if city.exists():
                vals["city"] = city.name
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_cpf_cnpj_vals(vals)
            self.browse()._complete_address_vals(vals)
            self.browse()._check_written_values(vals)
        try:
            return super().create(vals_list)
        except ValidationError as error:
            self.browse()._raise_own_cpf_cnpj_message(vals_list, error)

    def write(self, vals):
        vals = self._normalize_cpf_cnpj_vals(dict(vals))
        if self.env.context.get("portal_change_request_submit"):
            vals = self._divert_personal_data_to_change_request(vals)
        self._complete_address_vals(vals)
        self._check_written_values(vals)
        try:
            return super().write(vals) if vals else True
        except ValidationError as error:
            self._raise_own_cpf_cnpj_message([vals] * len(self), error)

    def _divert_personal_data_to_change_request(self, vals):
        """On the customer's own portal forms (context ``portal_change_request_submit``),
        personal data is not written: it is submitted as a change request, which writes
        what the Parâmetros Cadastrais approve at once. Returns the other values."""
        rules = self.env["portal.change.field.rule"]._get_rules()
        personal_vals = vals if self.env.context.get("street_from_parts") else self._address_form_personal_data(vals)
        personal = {name: value for name, value in personal_vals.items() if name in rules}
        if personal:
            ChangeRequest = self.env["portal.change.request"].with_context(
                portal_change_request_submit=False,
            )
            country = self.env["res.country"].browse(vals["country_id"]) if vals.get("country_id") else None
            for partner in self:
                ChangeRequest._submit(partner, personal, country=country)
            # the address parts the change request carries are written once it is approved
            vals = {name: value for name, value in vals.items() if name not in ADDRESS_FORM_FIELDS}
        return {name: value for name, value in vals.items() if name not in rules}

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_open_realestate_contracts(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contracts"),
            "res_model": "realestate.contract",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }
