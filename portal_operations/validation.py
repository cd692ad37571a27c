# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One validation of personal data, by kind of value, for every source.

``VALUE_KINDS`` is a small table: how each kind of value (CPF/CNPJ, CEP, phone…) is
normalised (the text a change request keeps), checked (a problem code, or None) and
displayed. ``check_personal_data`` is the one entry point; the source decides what is
checked:

=================  ===============================================================
source             what it means
=================  ===============================================================
``portal``         a customer typed it: every rule, locked fields refused
``backoffice``     staff or code wrote it through the ORM: every rule, locked
                   allowed, blanks allowed unless Mega ERP requires the field
``erp``            Mega ERP sent it: stored as sent (``clean_erp_text`` removes
                   only what Odoo cannot store); its problems flag the customer
                   (``res.partner.mega_data_issues``), they never refuse it
``anonymization``  the LGPD anonymiser cleared or replaced it on purpose (no
                   person typed it): stored as written, nothing checked, nothing
                   flagged
=================  ===============================================================

Checks return ``Problem`` codes; ``problem_message`` words them in the reader's
language, so that a code stored on a customer is read in whoever's language.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from odoo import fields
from odoo.exceptions import MissingError, ValidationError
from odoo.tools.mail import email_normalize

import brazil_rules as brazil
from mega_erp.models import AGENT_PHONE_KINDS, STREET_TYPES

PORTAL, BACKOFFICE, ERP, ANONYMIZATION = "portal", "backoffice", "erp", "anonymization"
SOURCES = (PORTAL, BACKOFFICE, ERP, ANONYMIZATION)
# What these sources write is stored as written: the input rules are not theirs.
STORED_AS_WRITTEN = (ERP, ANONYMIZATION)

# C0 control characters but tab, line feed and carriage return, and DEL. PostgreSQL
# cannot store NUL at all; the others are never typed on purpose.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional controls: they make a name read differently from what it holds.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# An HTML tag (<b>, </b>, <script src=…>): names and free texts are plain text.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
# What Odoo keeps of a text sent by Mega ERP, whatever the ERP's own column sizes.
ERP_HARD_LIMIT = 1000


class _Source:
    """A source in a context: an object, so that no RPC call (JSON) can claim it."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<source {self.name}>"


# The importer writes Mega ERP's agents with ``with_context(**FROM_ERP_CONTEXT)``, the
# LGPD anonymiser its customers with ``with_context(**FROM_ANONYMIZATION_CONTEXT)``.
SOURCE_CONTEXT_KEY = "portal_operations_value_source"
FROM_ERP_CONTEXT = {SOURCE_CONTEXT_KEY: _Source(ERP)}
FROM_ANONYMIZATION_CONTEXT = {SOURCE_CONTEXT_KEY: _Source(ANONYMIZATION)}


def source_of(env):
    """Who writes through ``env``: ``ERP`` for the importer, ``ANONYMIZATION`` for the
    anonymiser, else ``BACKOFFICE`` (the portal's forms check as ``PORTAL`` before they
    write)."""
    source = env.context.get(SOURCE_CONTEXT_KEY)
    for context in (FROM_ERP_CONTEXT, FROM_ANONYMIZATION_CONTEXT):
        if source is context[SOURCE_CONTEXT_KEY]:
            return source.name
    return BACKOFFICE


class Problem(NamedTuple):
    """Why a value breaks a rule: a code (see ``problem_message``) and its parameters."""

    code: str
    params: tuple = ()


def personal_data_error(errors):
    """A ``ValidationError`` for personal data refused; its ``errors`` attribute holds the
    messages by field name (a form shows each next to its field). Not a subclass: RPC
    callers read the exception's class name."""
    error = ValidationError("\n".join(errors.values()))
    error.errors = errors
    return error


# ------------------------------------------------------------
# The table of value kinds
# ------------------------------------------------------------


def _plain_text_problem(text, options):
    if BIDI_CONTROLS.search(text):
        return Problem("bidi")
    if MARKUP.search(text):
        return Problem("markup")
    return None


def _choice_problem(text, options):
    choices = options.get("choices")
    return Problem("choice") if choices is not None and text not in choices else None


def _date_problem(text, options, past=False):
    try:
        value = fields.Date.to_date(text)
    except ValueError:
        return Problem("date")
    if past and value > date.today():
        return Problem("future")
    return None


def _cpf_cnpj_problem(text, options):
    person_type = options.get("person_type")
    if brazil.is_valid_cpf_cnpj(text, person_type):
        return None
    if person_type == "J" or (not person_type and len(brazil.only_digits(text)) == 14):
        return Problem("cnpj")
    return Problem("cpf")


def _is_valid_email(text):
    """The ERP's rule (``brazil_rules``: email-validator), and an address Odoo normalizes
    the same way, so that mail threads find the partner by it."""
    return brazil.is_valid_email(text) and bool(email_normalize(text))


def _cpf_cnpj_text(text):
    return brazil.only_digits(text) if brazil.is_valid_cpf_cnpj(text) else text


def _cep_problem(text):
    """Why ``text`` is no CEP: 8 digits of no UF (00000-000) are not "too short"."""
    if brazil.is_valid_cep_text(text):
        return None
    digits = brazil.only_digits(text)
    if len(digits) == 8 and not re.search(r"[^\d\s.-]", text):
        return Problem("cep_no_uf", (("cep", brazil.format_cep(digits)),))
    return Problem("cep")


def _cep_text(text):
    return brazil.format_cep(text) if brazil.is_valid_cep_text(text) else text


def _same(text):
    return text


@dataclass(frozen=True)
class ValueKind:
    """How one kind of value is normalised (form or ERP text -> the text kept), checked
    (-> ``Problem`` or None) and displayed; ``brazilian``: a Brazilian format, not
    checked on a foreign address; ``choices``: the values a char field may take."""

    label: str
    check: Callable = _plain_text_problem
    normalize: Callable = _same
    display: Callable = _same
    brazilian: bool = False
    choices: tuple = field(default=None)


VALUE_KINDS = {
    "text": ValueKind("Text"),
    "choice": ValueKind("Choice", check=_choice_problem),
    "street_type": ValueKind("Street type", check=_choice_problem, choices=STREET_TYPES),
    "date": ValueKind("Date", check=_date_problem),
    "past_date": ValueKind("Past date", check=lambda text, options: _date_problem(text, options, past=True)),
    "cpf_cnpj": ValueKind(
        "CPF/CNPJ", check=_cpf_cnpj_problem, normalize=_cpf_cnpj_text,
        display=brazil.format_cpf_cnpj, brazilian=True,
    ),
    "cpf": ValueKind(
        "CPF", check=lambda text, options: None if brazil.is_valid_cpf(text) else Problem("cpf"),
        normalize=_cpf_cnpj_text, display=brazil.format_cpf_cnpj,
    ),
    "cep": ValueKind(
        "CEP", check=lambda text, options: _cep_problem(text),
        normalize=_cep_text, brazilian=True,
    ),
    "phone": ValueKind(
        "Phone",
        check=lambda text, options: (
            None if brazil.is_valid_phone(text, AGENT_PHONE_KINDS["phone"]) else Problem("phone")
        ),
        normalize=brazil.format_phone, brazilian=True,
    ),
    "mobile": ValueKind(
        "Mobile",
        check=lambda text, options: (
            None if brazil.is_valid_phone(text, AGENT_PHONE_KINDS["mobile"]) else Problem("mobile")
        ),
        normalize=brazil.format_phone, brazilian=True,
    ),
    "email": ValueKind(
        "E-mail", check=lambda text, options: None if _is_valid_email(text) else Problem("email"),
    ),
    "email_list": ValueKind(
        "E-mail list",
        check=lambda text, options: (
            None if all(_is_valid_email(item) for item in brazil.split_emails(text)) else Problem("email_list")
        ),
    ),
}
# For the field of portal.change.field.rule (labels translated by Odoo's selection).
VALUE_KIND_SELECTION = [(kind, value_kind.label) for kind, value_kind in VALUE_KINDS.items()]


def check_value(kind, text, required=False, max_length=None, **options):
    """The ``Problem`` of ``text`` (a text as kept in change requests) for a value of
    ``kind``, or None. ``options``: ``person_type`` (F or J), ``choices`` (allowed
    values), ``brazilian`` (False: Brazilian formats are not checked)."""
    value_kind = VALUE_KINDS[kind]
    # first: Python strips some control characters (vertical tab, form feed…) as blanks
    if isinstance(text, str) and CONTROL_CHARACTERS.search(text):
        return Problem("control")
    if not isinstance(text, str) or not text.strip():
        return Problem("required") if required else None
    if max_length and len(text.strip()) > max_length:
        return Problem("too_long", (("limit", max_length),))
    if value_kind.brazilian and options.get("brazilian") is False:
        return None
    if value_kind.choices is not None:
        options = {**options, "choices": value_kind.choices}
    return value_kind.check(text, options)


def problem_message(env, label, problem):
    """``problem`` worded for the reader of ``env``; ``label``: the field as they know it."""
    params = dict(problem.params)
    messages = {
        "required": lambda: env._("%(field)s is required.", field=label),
        "too_long": lambda: env._(
            "%(field)s is too long: at most %(limit)s characters.", field=label, limit=params.get("limit"),
        ),
        "control": lambda: control_characters_error(env, label),
        "bidi": lambda: env._(
            "%(field)s contains invisible characters that change the direction of the text: remove them.",
            field=label,
        ),
        "markup": lambda: env._("%(field)s: write plain text, without tags such as <b> or <script>.", field=label),
        "choice": lambda: env._("%(field)s: choose one of the options.", field=label),
        "date": lambda: env._("%(field)s is not a valid date.", field=label),
        "future": lambda: env._("%(field)s cannot be in the future.", field=label),
        "cpf": lambda: env._("%(field)s: this is not a valid CPF.", field=label),
        "cnpj": lambda: env._("%(field)s: this is not a valid CNPJ.", field=label),
        "cep": lambda: env._("%(field)s: a CEP has 8 digits, e.g. 13010-100.", field=label),
        "cep_no_uf": lambda: env._(
            "%(field)s: %(cep)s is the CEP of no UF (CEPs start at 01000-000), e.g. 13010-100.",
            field=label, cep=params.get("cep"),
        ),
        "phone": lambda: env._(
            "%(field)s: enter a Brazilian number with an existing area code (DDD), e.g. (19) 3251-4000.",
            field=label,
        ),
        "mobile": lambda: env._(
            "%(field)s: enter a Brazilian mobile with an existing area code (DDD) and 9 digits, "
            "e.g. (19) 99876-5432.",
            field=label,
        ),
        "email": lambda: env._("%(field)s: this is not a valid e-mail address.", field=label),
        "email_list": lambda: env._("%(field)s: separate valid e-mail addresses with commas.", field=label),
        "invalid": lambda: env._("%(field)s: invalid value.", field=label),
        "locked": lambda: env._("%(field)s cannot be changed on the portal; please contact us.", field=label),
        "not_editable": lambda: env._("This field cannot be changed here."),
        "cep_state": lambda: env._(
            "CEP: %(cep)s is a CEP of %(cep_state)s (%(cep_uf)s), not of %(state)s. Check the CEP or the state.",
            **params,
        ),
    }
    return messages[problem.code]()


# ------------------------------------------------------------
# The entry point
# ------------------------------------------------------------


def customer_rules(env, partner):
    """The field rules of ``partner``'s company (each company has its own set)."""
    return env["portal.change.field.rule"]._get_rules(env["portal.change.request"]._customer_company(partner))


def check_personal_data(env, partner, values, source, country=None):
    """``{field name: Problem}`` for ``values`` (``res.partner`` field names to values)
    of ``partner`` (empty on create), as ``source`` (one of ``SOURCES``) sends them;
    empty when all is well (always for ``ANONYMIZATION``). Brazilian formats are checked
    on a Brazilian address (``country``, a ``res.country``, else the partner's)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}: one of {SOURCES}")
    if source == ANONYMIZATION:
        return {}
    rules = customer_rules(env, partner)
    problems = {}
    person_type = values.get("person_type") or partner.person_type
    brazilian = partner._is_brazilian(country)
    for field_name, value in values.items():
        rule = rules.get(field_name)
        if not rule:
            problems[field_name] = Problem("not_editable")
            continue
        try:
            text = rule._to_text(value)
        except (TypeError, ValueError):
            problems[field_name] = Problem("invalid")
            continue
        if source != PORTAL and not text and not rule._is_erp_required():
            continue  # only the portal asks for more than Mega ERP requires
        if source == PORTAL and rule.rule == "locked":
            if text != rule._read_text(partner):
                problems[field_name] = Problem("locked")
            continue
        problem = rule._check_problem(text, person_type, brazilian=brazilian)
        if problem:
            problems[field_name] = problem
    if {"zip", "state_id"} & set(values) and not {"zip", "state_id"} & set(problems):
        problem = cep_state_problem(env, partner, values, with_pending=source != ERP)
        if problem:
            problems["zip"] = problem
    return problems


def personal_data_messages(env, problems):
    """``{field name: message}`` of ``check_personal_data``'s problems, in ``env``'s language."""
    rules = env["portal.change.field.rule"]._get_rules()
    return {
        name: problem_message(env, rules[name].name if name in rules else name, problem)
        for name, problem in problems.items()
    }


def cep_state_problem(env, partner, values, with_pending=True):
    """Every CEP belongs to one UF: the CEP and the UF the customer will have once
    ``values`` (and, ``with_pending``, their pending changes) are applied must agree.
    The message names the UF the CEP belongs to, so that the customer sees which of the
    two is wrong."""
    rules = customer_rules(env, partner)
    final = {"zip": partner.zip or "", "state_id": str(partner.state_id.id or "")}
    if partner and with_pending:  # a partner being created has no pending change
        pending = env["portal.change.request"]._pending_request(partner)
        final.update({name: text for name, text in pending._final_values().items() if name in final})
    final.update({name: rules[name]._to_text(values[name]) for name in final if name in values and name in rules})
    State = env["res.country.state"].sudo()
    state = existing_record(State, int(final["state_id"])) if final["state_id"].isdigit() else State
    if state.country_id.code != "BR":
        return None
    # the UF of the CEP by l10n_br's ranges of each city where it is installed
    cep_uf = env["res.city"]._portal_operations_cep_uf(final["zip"])
    belongs_to = cep_uf if cep_uf and state.code and cep_uf != state.code else None
    if not belongs_to:
        return None
    cep_state = State.search([("country_id.code", "=", "BR"), ("code", "=", belongs_to)], limit=1)
    return Problem("cep_state", (
        ("cep", brazil.format_cep(final["zip"])), ("cep_state", cep_state.name or belongs_to),
        ("cep_uf", belongs_to), ("state", state.name),
    ))


# ------------------------------------------------------------
# What Mega ERP sends
# ------------------------------------------------------------


def clean_erp_text(value, limit=ERP_HARD_LIMIT):
    """``(value, cleaned)``: a text of Mega ERP without what Odoo cannot store (control
    characters, text beyond ``limit``); ``cleaned`` says whether anything went."""
    if not isinstance(value, str):
        return value, False
    cleaned = CONTROL_CHARACTERS.sub("", value)[:limit]
    return cleaned, cleaned != value


# ------------------------------------------------------------
# Texts of other forms
# ------------------------------------------------------------


def text_error(env, label, text, required=False, max_length=None):
    """A text typed in a form or written through the ORM: not blank when required, no
    control characters, at most ``max_length`` characters."""
    problem = check_value("text", text, required=required, max_length=max_length)
    if problem and problem.code in ("control", "required", "too_long"):
        return problem_message(env, label, problem)
    return None


def control_characters_error(env, label):
    return env._(
        "%(field)s contains control characters (such as NUL), which cannot be saved: remove them.",
        field=label,
    )


def control_characters_errors(env, values, label_of):
    """The texts of ``values`` (field name -> value) with control characters, by field
    name; ``label_of(field name)`` gives a field's label."""
    return {
        name: control_characters_error(env, label_of(name))
        for name, value in values.items()
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value)
    }


def is_cpf_cnpj_shaped(value):
    """Whether a tax id looks like a CPF (11 digits) or a CNPJ (14), punctuation aside,
    as opposed to a foreign VAT number (letters, other lengths)."""
    return (
        isinstance(value, str) and not any(char.isalpha() for char in value)
        and len(brazil.only_digits(value)) in (11, 14)
    )


def existing_record(model, record_id):
    """The record of ``model`` with id ``record_id``, or an empty recordset when there is
    none. A record this transaction has already read is not asked of the database again
    (a batch of partners, as a pull of Mega ERP writes, names the same few states), as
    ``exists()`` would."""
    record = model.browse(record_id)
    try:
        record.create_date  # noqa: B018 - read from the cache, else fetched: raises when missing
    except MissingError:
        return model.browse()
    return record
