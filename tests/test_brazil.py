# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

import pytest
from stdnum.br import cnpj, cpf

from mega_erp import brazil


def test_generated_identifiers_pass_python_stdnum():
    rng = random.Random(7)
    for _ in range(500):
        assert cpf.is_valid(brazil.generate_cpf(rng))
        assert cnpj.is_valid(brazil.generate_cnpj(rng))


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


def test_cep_and_uf():
    assert brazil.is_valid_cep("13087000")
    assert not brazil.is_valid_cep("13087-000")
    assert not brazil.is_valid_cep("1308700")
    assert brazil.is_valid_uf("SP")
    assert not brazil.is_valid_uf("XX")
