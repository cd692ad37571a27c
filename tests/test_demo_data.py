# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulator's data looks real to a Brazilian and passes every check it is held to:
the ERP's own (``UpdateAgent``) and the CEP/UF, area code and city agreement."""

import dataclasses

import pytest

import brazil_rules as brazil
from brazil_rules.cep_ranges import ranges_of_uf
from mega_erp import Agent, MegaValidationError
from mega_erp.simulator.cities import CITIES
from mega_erp.simulator.demo_data import DemoDataBuilder
from mega_erp.simulator.validation import validate_agent

CITY_BY_NAME = {city.name: city for city in CITIES}


def test_cities_agree_with_the_cep_ranges_and_area_codes():
    for city in CITIES:
        assert any(first <= city.cep_first <= city.cep_last <= last for first, last in ranges_of_uf(city.uf)), city
        assert brazil.is_valid_phone(f"({city.ddd}) 3234-5678", "landline"), city
        assert brazil.is_valid_phone(f"({city.ddd}) 99876-5432", "mobile"), city


@pytest.fixture(scope="module")
def agents():
    return DemoDataBuilder(seed=1, agents=2000).build()["agents"]


def test_every_agent_passes_the_erp_validation(agents):
    for agent in agents:
        validate_agent(agent)


def test_city_uf_cep_and_area_codes_agree(agents):
    for agent in agents:
        city = CITY_BY_NAME[agent.city]
        assert agent.state == city.uf == brazil.cep_uf(agent.zip), agent.code
        assert city.cep_first <= agent.zip <= city.cep_last, agent.code
        assert agent.phone.startswith(city.ddd) and agent.mobile.startswith(city.ddd), agent.code
        assert brazil.phone_kind(agent.phone) == "landline", agent.code
        assert brazil.phone_kind(agent.mobile) == "mobile", agent.code


def test_identifiers_are_valid_and_distinct(agents):
    numbers = [agent.cpf_cnpj for agent in agents]
    assert len(set(numbers)) == len(numbers)
    for agent in agents:
        assert brazil.is_valid_cpf_cnpj(agent.cpf_cnpj, agent.person_type), agent.code
        assert not agent.spouse_cpf or brazil.is_valid_cpf(agent.spouse_cpf), agent.code


def test_most_customers_live_in_the_ufs_of_the_developments(agents):
    near = sum(agent.state in ("SP", "PR") for agent in agents)
    assert near / len(agents) > 0.6
    assert {agent.state for agent in agents} > {"SP", "PR"}, "and a few elsewhere"


def test_the_simulator_takes_its_own_agents_back(simulator, client):
    for code in ("AGT0000001", "AGT0000002", "AGT0000003"):
        agent = client.get_agent(code)
        assert client.update_agent(dataclasses.replace(agent, complement="Casa 3"), f"own-{code}").code == code


def test_a_cep_of_another_uf_is_refused_naming_its_uf(simulator, client):
    agent = simulator.state.agents["AGT0000001"]
    other_uf = "RS" if agent.state != "RS" else "SP"
    with pytest.raises(MegaValidationError) as caught:
        client.update_agent(Agent(code=agent.code, state=other_uf), "cep-of-another-uf")
    assert caught.value.field == "zip"
    assert f"é de {agent.state}, não de {other_uf}" in caught.value.message


def test_real_phones_pass_over_http(simulator, client):
    code = "AGT0000002"
    for phone, mobile in (("1932345678", "19998765432"), ("6133334444", "21987654321")):
        client.update_agent(Agent(code=code, phone=phone, mobile=mobile), f"phones-{phone}")
        assert client.get_agent(code).phone == phone
        assert simulator.state.agents[code].mobile == mobile
