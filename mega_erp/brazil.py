# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian identifiers and codes: CPF, CNPJ, CEP and UF.

Pure functions shared by the simulator (to generate and to validate as Mega does) and
by the portal addon (to validate what customers type).
"""

import re

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
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    return cpf_check_digits(digits[:9]) == digits[9:]


def is_valid_cnpj(value):
    digits = only_digits(value)
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    return cnpj_check_digits(digits[:12]) == digits[12:]


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
