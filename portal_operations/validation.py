# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks shared by the portal's forms and the models, so that the ORM (RPC, imports,
the back office) refuses what the portal refuses, with the same translated message.

Each function returns why a value is not acceptable, or None; ``label`` is the field's
name as the reader knows it."""

import re

from odoo.exceptions import MissingError

from mega_erp import brazil

# C0 control characters but tab, line feed and carriage return, and DEL. PostgreSQL
# cannot store NUL at all; the others are never typed on purpose.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_error(env, label, text, required=False, max_length=None):
    """A text typed in a form or written through the ORM: not blank when required, no
    control characters, at most ``max_length`` characters."""
    # first: Python strips some control characters (vertical tab, form feed…) as blanks
    if isinstance(text, str) and CONTROL_CHARACTERS.search(text):
        return control_characters_error(env, label)
    if not isinstance(text, str) or not text.strip():
        return env._("%(field)s is required.", field=label) if required else None
    if max_length and len(text.strip()) > max_length:
        return env._("%(field)s is too long: at most %(limit)s characters.", field=label, limit=max_length)
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


def cpf_cnpj_error(env, label, value, person_type=None):
    """A CPF for an individual (``F``), a CNPJ for a company (``J``), either when the
    person type is not known (the number's length tells which)."""
    if brazil.is_valid_cpf_cnpj(value, person_type):
        return None
    if person_type == "J" or (not person_type and len(brazil.only_digits(value)) == 14):
        return env._("%(field)s: this is not a valid CNPJ.", field=label)
    return env._("%(field)s: this is not a valid CPF.", field=label)


def cep_error(env, label, text):
    """Why ``text`` is no CEP: 8 digits of no UF (00000-000) are not "too short"."""
    digits = brazil.only_digits(text)
    if len(digits) == 8 and not re.search(r"[^\d\s.-]", text):
        return env._(
            "%(field)s: %(cep)s is the CEP of no UF (CEPs start at 01000-000), e.g. 13010-100.",
            field=label, cep=brazil.format_cep(digits),
        )
    return env._("%(field)s: a CEP has 8 digits, e.g. 13010-100.", field=label)


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
