# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian identifiers and codes: CPF, CNPJ, CEP, UF, phones and e-mails.

Pure functions shared by the simulator (to generate and to validate as Mega does) and
by the portal addon (to validate and format what customers type). CPF/CNPJ check digits
are verified by python-stdnum; stdnum accepts a number made of one repeated digit
(111.111.111-11 has valid check digits), which the Receita Federal never issues, so it
is refused here.
"""

import re

from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

UFS = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)  # fmt: skip

_NON_DIGITS = re.compile(r"\D")


def only_digits(value):
    """Strip punctuation: ``"123.456.789-09"`` -> ``"12345678909"``."""
    return _NON_DIGITS.sub("", value or "")


def _check_digit(digits, weights):
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def cpf_check_digits(base):
    """The two check digits of the 9 first digits of a CPF."""
    first = _check_digit(base, range(10, 1, -1))
    return first + _check_digit(base + first, range(11, 1, -1))


def cnpj_check_digits(base):
    """The two check digits of the 12 first digits of a CNPJ."""
    weights = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    first = _check_digit(base, weights)
    return first + _check_digit(base + first, (6, *weights))


def is_valid_cpf(value):
    digits = only_digits(value)
    return len(digits) == 11 and len(set(digits)) > 1 and stdnum_cpf.is_valid(digits)


def is_valid_cnpj(value):
    digits = only_digits(value)
    return len(digits) == 14 and len(set(digits)) > 1 and stdnum_cnpj.is_valid(digits)


def is_valid_cpf_cnpj(value, person_type=None):
    """CPF for individuals (``F``), CNPJ for companies (``J``); either if unknown."""
    if person_type == "F":
        return is_valid_cpf(value)
    if person_type == "J":
        return is_valid_cnpj(value)
    return is_valid_cpf(value) or is_valid_cnpj(value)


def generate_cpf(rng):
    """A valid CPF (digits only) drawn from ``rng`` (a ``random.Random``)."""
    while True:
        base = "".join(str(rng.randrange(10)) for _ in range(9))
        if len(set(base)) > 1:
            return base + cpf_check_digits(base)


def generate_cnpj(rng):
    """A valid CNPJ (digits only) of a head office (branch ``0001``)."""
    base = "".join(str(rng.randrange(10)) for _ in range(8)) + "0001"
    return base + cnpj_check_digits(base)


def is_valid_cep(value):
    """A CEP is 8 digits, given without punctuation."""
    return bool(value) and len(value) == 8 and value.isdigit()


def is_valid_uf(value):
    return value in UFS


def format_cpf_cnpj(value):
    """``52998224725`` -> ``529.982.247-25``; anything that is no CPF/CNPJ comes back as is."""
    digits = only_digits(value)
    if len(digits) == 11:
        return stdnum_cpf.format(digits)
    if len(digits) == 14:
        return stdnum_cnpj.format(digits)
    return value or ""


def is_valid_cep_text(value):
    """A CEP as people type it: 8 digits, with or without the dash and dot."""
    return not re.search(r"[^\d\s.-]", value or "") and is_valid_cep(only_digits(value))


def format_cep(value):
    digits = only_digits(value)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 8 else (value or "")


def _national_phone_digits(value):
    digits = only_digits(value)
    if len(digits) in (12, 13) and digits.startswith("55"):
        digits = digits[2:]
    return digits


def is_valid_phone(value):
    """A Brazilian number: area code (2 digits, not starting with 0) and 8 digits, or 9
    digits starting with 9 for a mobile; the country code 55 may come first."""
    if re.search(r"[^\d\s()+.-]", value or ""):
        return False
    digits = _national_phone_digits(value)
    if len(digits) not in (10, 11) or digits[0] == "0":
        return False
    return len(digits) == 10 or digits[2] == "9"


def format_phone(value):
    digits = _national_phone_digits(value)
    if len(digits) == 11:
        return f"({digits[:2]}) {digits[2:7]}-{digits[7:]}"
    if len(digits) == 10:
        return f"({digits[:2]}) {digits[2:6]}-{digits[6:]}"
    return value or ""


_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")


def is_valid_email(value):
    return bool(_EMAIL.match((value or "").strip()))
