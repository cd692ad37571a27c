# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Brazilian identifiers and codes: CPF, CNPJ, CEP, UF, phones and e-mails.

Pure functions shared by the simulator (to validate as Mega does) and by the portal
addon (to validate and format what customers type), so that both hold the same rule:
a distribution of their own (portal-operations-brazil-rules, distributions/
brazil-rules) that both require, apart from the Mega ERP client, which never uses them.
Each check is done by the library made for it:

- CPF/CNPJ check digits by python-stdnum. stdnum accepts a number made of one repeated
  digit (111.111.111-11 has valid check digits), which the Receita Federal never
  issues, so it is refused here.
- Phones by phonenumbers (Google's libphonenumber): real area codes (DDD), landline and
  mobile ranges, national formatting.
- E-mails by email-validator (syntax only: no DNS lookup).
- CEPs by the Correios' ranges per UF (``cep_ranges``).
"""

import re
from typing import NamedTuple

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from .cep_ranges import uf_of_cep

UFS = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)  # fmt: skip

_NON_DIGITS = re.compile(r"\D")


def only_digits(value):
    """Strip punctuation: ``"123.456.789-09"`` -> ``"12345678909"``."""
    return _NON_DIGITS.sub("", value or "")


# ------------------------------------------------------------
# CPF / CNPJ
# ------------------------------------------------------------


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


def format_cpf_cnpj(value):
    """``52998224725`` -> ``529.982.247-25``; anything that is no CPF/CNPJ comes back as is."""
    digits = only_digits(value)
    if len(digits) == 11:
        return stdnum_cpf.format(digits)
    if len(digits) == 14:
        return stdnum_cnpj.format(digits)
    return value or ""


# ------------------------------------------------------------
# CEP / UF
# ------------------------------------------------------------


def is_valid_uf(value):
    return value in UFS


def is_valid_cep(value):
    """A CEP as Mega stores it: 8 digits without punctuation, in the range of a UF."""
    return bool(value) and len(value) == 8 and value.isdigit() and uf_of_cep(value) is not None


def is_valid_cep_text(value):
    """A CEP as people type it: 8 digits, with or without the dash and dot."""
    return not re.search(r"[^\d\s.-]", value or "") and is_valid_cep(only_digits(value))


def format_cep(value):
    digits = only_digits(value)
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 8 else (value or "")


def cep_uf(value):
    """The UF a CEP (typed or digits) belongs to, or None."""
    return uf_of_cep(only_digits(value)) if is_valid_cep_text(value) else None


def cep_uf_conflict(cep, uf):
    """The UF ``cep`` belongs to when that is not ``uf`` (the customer must hear which
    one it is); None when they agree or when either is missing or unknown."""
    belongs_to = cep_uf(cep)
    return belongs_to if belongs_to and uf and belongs_to != uf else None


# ------------------------------------------------------------
# Phones
# ------------------------------------------------------------

PHONE_KIND_BY_TYPE = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
}
_NOT_IN_A_PHONE = re.compile(r"[^\d\s()+.-]")


# Phones read lately, by text: a value is checked, then formatted, and the formatted
# text checked again (a pull of Mega ERP's agents does so for thousands of them: a page
# of 1,000 agents formats 2,000 phones, then checks them as it stores the page, so the
# cache holds a few pages' worth, each phone under two texts).
_PHONES = {}
_PHONES_KEPT = 16384
_UNREAD = object()


class _Phone(NamedTuple):
    kind: str
    formatted: str


def _phone(value):
    """The ``_Phone`` in ``value``, or None."""
    if not value:
        return None
    phone = _PHONES.get(value, _UNREAD)
    if phone is not _UNREAD:
        return phone
    phone = _read_phone(value)
    if len(_PHONES) >= _PHONES_KEPT:
        _PHONES.clear()
    _PHONES[value] = phone
    if phone:
        _PHONES[phone.formatted] = phone
    return phone


def _read_phone(value):
    """A Brazilian landline or mobile number (national, with the leading 0 and carrier
    code, or international with +55 or 55). Letters are refused: phonenumbers would
    read them as the keys of a keypad."""
    if _NOT_IN_A_PHONE.search(value):
        return None
    try:
        number = phonenumbers.parse(value, "BR")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.region_code_for_number(number) != "BR" or not phonenumbers.is_valid_number(number):
        return None
    kind = PHONE_KIND_BY_TYPE.get(phonenumbers.number_type(number))
    if not kind:
        return None
    return _Phone(kind, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def phone_kind(value):
    """``"landline"``, ``"mobile"``, or None for what is no Brazilian phone number."""
    phone = _phone(value)
    return phone.kind if phone else None


def is_valid_phone(value, kind=None):
    """A Brazilian number with a real area code (DDD); ``kind`` (``"landline"`` or
    ``"mobile"``) asks for that kind only."""
    found = phone_kind(value)
    return bool(found) and (kind is None or found == kind)


def format_phone(value):
    """``5519998765432`` -> ``(19) 99876-5432``; what is no phone number comes back as is."""
    phone = _phone(value)
    return phone.formatted if phone else value or ""


# ------------------------------------------------------------
# E-mails
# ------------------------------------------------------------


def normalize_email(value):
    """The address in its normal form (domain in lower case), or None when it is no
    e-mail address. Syntax only: nothing is looked up on the network."""
    try:
        return validate_email((value or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def is_valid_email(value):
    return normalize_email(value) is not None


def split_emails(value):
    """The addresses of a comma-separated list, blanks left out."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def invalid_emails(value):
    """The items of a comma-separated list of addresses that are no e-mail address."""
    return [item for item in split_emails(value) if not is_valid_email(item)]
