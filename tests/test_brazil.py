# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Brazilian rules (``brazil_rules``) the addon and the simulator both hold data to."""

import random

import pytest
from stdnum.br import cnpj, cpf

import brazil_rules as brazil
from brazil_rules.cep_ranges import CEP_RANGES, uf_of_cep


def test_validators_agree_with_python_stdnum_on_random_numbers():
    rng = random.Random(3)
    for _ in range(2000):
        number = str(rng.randrange(10**11)).zfill(11)
        assert brazil.is_valid_cpf(number) == cpf.is_valid(number), number
        number = str(rng.randrange(10**14)).zfill(14)
        assert brazil.is_valid_cnpj(number) == cnpj.is_valid(number), number


@pytest.mark.parametrize(
    ("value", "person_type", "valid"),
    [
        ("529.982.247-25", "F", True),
        ("52998224725", "F", True),
        ("52998224724", "F", False),
        ("11111111111", "F", False),
        ("11.222.333/0001-81", "J", True),
        ("11222333000181", "F", False),
        ("11222333000182", "J", False),
        ("", None, False),
    ],
)
def test_cpf_cnpj_check_digits(value, person_type, valid):
    assert brazil.is_valid_cpf_cnpj(value, person_type) is valid


# ------------------------------------------------------------
# Phones
# ------------------------------------------------------------

# (as typed, kind, national format)
REAL_PHONES = [
    ("(19) 3234-5678", "landline", "(19) 3234-5678"),
    ("1932345678", "landline", "(19) 3234-5678"),
    ("+55 19 3234-5678", "landline", "(19) 3234-5678"),
    ("551932345678", "landline", "(19) 3234-5678"),
    ("(11) 2345-6789", "landline", "(11) 2345-6789"),
    ("(61) 3333-4444", "landline", "(61) 3333-4444"),
    ("(19) 99876-5432", "mobile", "(19) 99876-5432"),
    ("19998765432", "mobile", "(19) 99876-5432"),
    ("+55 (19) 99876-5432", "mobile", "(19) 99876-5432"),
    ("5519998765432", "mobile", "(19) 99876-5432"),
    ("019 99876-5432", "mobile", "(19) 99876-5432"),
    ("(21) 98765-4321", "mobile", "(21) 98765-4321"),
    ("(51) 99123-4567", "mobile", "(51) 99123-4567"),
]


@pytest.mark.parametrize(("typed", "kind", "formatted"), REAL_PHONES)
def test_real_phone_numbers_pass_and_are_formatted(typed, kind, formatted):
    assert brazil.is_valid_phone(typed)
    assert brazil.phone_kind(typed) == kind
    assert brazil.is_valid_phone(typed, kind)
    assert brazil.format_phone(typed) == formatted


# Brazil has no area code (DDD) 20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56-60,
# 70, 72, 76, 78, 80 or 90: the hand-written rule took any two digits.
MISSING_DDDS = ["20", "23", "25", "26", "29", "30", "36", "39", "40", "50", "52", "56", "57",
                "58", "59", "60", "70", "72", "76", "78", "80", "90"]  # fmt: skip


@pytest.mark.parametrize("ddd", MISSING_DDDS)
def test_area_codes_that_do_not_exist_are_refused(ddd):
    for number in (f"({ddd}) 3907-1549", f"({ddd}) 99876-5432", f"+55 {ddd} 3907-1549", f"55{ddd}998765432"):
        assert not brazil.is_valid_phone(number), number
        assert brazil.phone_kind(number) is None
        assert brazil.format_phone(number) == number


@pytest.mark.parametrize(
    "value",
    [
        "(19) 8876-5432",  # a mobile needs its ninth digit
        "(19) 1234-5678",  # no landline starts with 1
        "(19) 3234-567",
        "(19) 3234-5678-9",
        "0800 123 4567",  # toll-free: nobody's own phone
        "+1 650 253 0000",  # not Brazilian
        "(19) 3234-567a",
        "(19) DIAL-NOW",
        "",
        None,
    ],
)
def test_what_is_no_brazilian_personal_phone_is_refused(value):
    assert not brazil.is_valid_phone(value)


def test_a_mobile_is_asked_for_where_a_mobile_is_expected():
    assert not brazil.is_valid_phone("(19) 3234-5678", "mobile")
    assert brazil.is_valid_phone("(19) 99876-5432", "mobile")
    assert not brazil.is_valid_phone("(19) 99876-5432", "landline")


# ------------------------------------------------------------
# E-mails
# ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("maria@example.com.br", "maria@example.com.br"),
        ("  Maria.Silva@GMAIL.com ", "Maria.Silva@gmail.com"),
        ("joão@exemplo.com.br", "joão@exemplo.com.br"),
        ("maria@", None),
        ("maria@gmail", None),
        ("maria silva@gmail.com", None),
        ("maria@@gmail.com", None),
        ("maria@localhost", None),
        ("Maria <maria@gmail.com>", None),
        ("a@b.com, c@d.com", None),
        ("", None),
    ],
)
def test_emails_are_validated_and_normalized(value, normalized):
    assert brazil.normalize_email(value) == normalized
    assert brazil.is_valid_email(value) is (normalized is not None)


def test_a_list_of_emails_names_the_wrong_ones():
    assert brazil.invalid_emails("a@b.com.br, nope ,, c@d.com") == ["nope"]
    assert brazil.invalid_emails("") == []


# ------------------------------------------------------------
# CEP and UF
# ------------------------------------------------------------


def test_cep_format_and_uf():
    assert brazil.is_valid_cep("13087000")
    assert not brazil.is_valid_cep("13087-000")
    assert not brazil.is_valid_cep("1308700")
    assert not brazil.is_valid_cep("00999999"), "no UF has CEPs below 01000-000"
    assert brazil.is_valid_cep_text("13087-000")
    assert brazil.is_valid_uf("SP")
    assert not brazil.is_valid_uf("XX")


def test_cep_ranges_cover_every_uf_once():
    assert {uf for __, __, uf in CEP_RANGES} == set(brazil.UFS)
    for (__, last, __), (first, __, __) in zip(CEP_RANGES, CEP_RANGES[1:], strict=False):
        assert last < first, "ranges are sorted and do not overlap"


@pytest.mark.parametrize(
    ("cep", "uf"),
    [
        ("01001-000", "SP"), ("14105-718", "SP"), ("13087-000", "SP"), ("19999-999", "SP"),
        ("20040-020", "RJ"), ("29010-000", "ES"), ("30130-000", "MG"), ("40020-000", "BA"),
        ("49010-000", "SE"), ("50030-000", "PE"), ("57020-000", "AL"), ("58010-000", "PB"),
        ("59010-000", "RN"), ("60060-000", "CE"), ("64000-000", "PI"), ("65010-000", "MA"),
        ("66010-000", "PA"), ("68900-000", "AP"), ("69005-000", "AM"), ("69301-000", "RR"),
        ("69400-000", "AM"), ("69900-000", "AC"), ("70040-000", "DF"), ("72800-000", "GO"),
        ("73000-000", "DF"), ("74003-000", "GO"), ("76801-000", "RO"), ("77001-000", "TO"),
        ("78005-000", "MT"), ("79002-000", "MS"), ("80010-000", "PR"), ("88010-000", "SC"),
        ("90010-000", "RS"), ("99999-999", "RS"),
    ],
)  # fmt: skip
def test_each_cep_belongs_to_its_uf(cep, uf):
    assert brazil.cep_uf(cep) == uf
    assert brazil.cep_uf_conflict(cep, uf) is None
    assert uf_of_cep(brazil.only_digits(cep)) == uf


def test_a_cep_of_another_uf_names_the_uf_it_belongs_to():
    # The simulator's old AGT0000001: CEP 14105-718 (Ribeirão Preto) in the UF "RS".
    assert brazil.cep_uf_conflict("14105-718", "RS") == "SP"
    assert brazil.cep_uf_conflict("20040020", "SP") == "RJ"
    assert brazil.cep_uf_conflict("", "SP") is None
    assert brazil.cep_uf_conflict("14105-718", "") is None


def test_phones_read_are_kept_within_bounds():
    """The phones read are kept (a pull checks, formats and checks again each one), with
    the formatted text as well, and the cache never grows past its bound."""
    brazil._PHONES.clear()
    assert brazil.format_phone("5519998765432") == "(19) 99876-5432"
    assert brazil._PHONES["(19) 99876-5432"] is brazil._PHONES["5519998765432"]
    for number in range(brazil._PHONES_KEPT + 10):
        brazil.phone_kind(f"1932{number:06d}")
    assert len(brazil._PHONES) <= brazil._PHONES_KEPT + 1
    assert brazil.phone_kind("(19) 3251-4000") == "landline", "still right after the cache was emptied"
