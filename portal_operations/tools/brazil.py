# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian identifiers and formats, as plain functions (no ORM).

CPF/CNPJ check digits come from python-stdnum; stdnum accepts a CPF made of one
repeated digit (111.111.111-11 has valid check digits), which the Receita Federal
never issues, so it is refused here.
"""

import re

from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

UF_CODES = (
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
)

_NON_DIGITS = re.compile(r"\D")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")


def only_digits(value):
    return _NON_DIGITS.sub("", value or "")


def _is_repeated(digits):
    return len(set(digits)) == 1


def is_valid_cpf(value):
    digits = only_digits(value)
    return len(digits) == 11 and not _is_repeated(digits) and stdnum_cpf.is_valid(digits)


def is_valid_cnpj(value):
    digits = only_digits(value)
    return len(digits) == 14 and not _is_repeated(digits) and stdnum_cnpj.is_valid(digits)


def is_valid_cpf_cnpj(value, person_type=None):
    """Validate a CPF (person type ``F``) or CNPJ (``J``); either when no type is given."""
    if person_type == "F":
        return is_valid_cpf(value)
    if person_type == "J":
        return is_valid_cnpj(value)
    return is_valid_cpf(value) or is_valid_cnpj(value)


def format_cpf_cnpj(value):
    """``52998224725`` → ``529.982.247-25``; anything that is no CPF/CNPJ comes back as is."""
    digits = only_digits(value)
    if len(digits) == 11:
        return stdnum_cpf.format(digits)
    if len(digits) == 14:
        return stdnum_cnpj.format(digits)
    return value or ""


def is_valid_cep(value):
    return len(only_digits(value)) == 8 and not re.search(r"[^\d\s.-]", value or "")


def format_cep(value):
    digits = only_digits(value)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 8 else (value or "")


def is_valid_phone(value):
    """A Brazilian number: area code (2 digits, not starting with 0) and 8 or 9 digits,
    optionally with the country code 55; mobiles (9 digits) start with 9."""
    if re.search(r"[^\d\s()+.-]", value or ""):
        return False
    digits = only_digits(value)
    if len(digits) in (12, 13) and digits.startswith("55"):
        digits = digits[2:]
    if len(digits) not in (10, 11) or digits[0] == "0":
        return False
    return len(digits) == 10 or digits[2] == "9"


def format_phone(value):
    digits = only_digits(value)
    if len(digits) in (12, 13) and digits.startswith("55"):
        digits = digits[2:]
    if len(digits) == 11:
        return f"({digits[:2]}) {digits[2:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"({digits[:2]}) {digits[2:6]}-{digits[6:]}"
    return value or ""


def is_valid_email(value):
    return bool(_EMAIL.match((value or "").strip()))
