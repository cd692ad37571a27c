# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every operation of the contract through MegaClient against the simulator."""

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from stdnum.br import cnpj, cpf

from mega_erp import Agent, MegaNotFoundError, MegaValidationError, models


def test_ping(client):
    info = client.ping()
    assert isinstance(info, models.ServerInfo)
    assert info.name and info.version
    assert info.server_time.tzinfo is not None


def test_get_agent_returns_plain_typed_record(client, simulator):
    agent = client.get_agent("AGT0000001")
    assert agent == simulator.state.agents["AGT0000001"]
    assert type(agent) is Agent
    assert isinstance(agent.birth_date, date) and isinstance(agent.changed_at, datetime)
    with pytest.raises(dataclasses.FrozenInstanceError):
        agent.name = "x"


def test_get_unknown_agent(client):
    with pytest.raises(MegaNotFoundError):
        client.get_agent("AGT9999999")


def test_update_agent_changes_the_agent_and_its_changed_at(client, simulator):
    before = client.get_agent("AGT0000004")
    result = client.update_agent(
        Agent(code="AGT0000004", street="Rua das Acácias", number="77"), "test-update-1"
    )
    after = client.get_agent("AGT0000004")
    assert result.code == "AGT0000004"
    assert result.changed_at == after.changed_at > before.changed_at
    assert (after.street, after.number, after.name) == ("Rua das Acácias", "77", before.name)
    assert simulator.state.agents["AGT0000004"].street == "Rua das Acácias"


def test_update_unknown_agent(client, simulator):
    agent = dataclasses.replace(simulator.state.agents["AGT0000001"], code="AGT9999999")
    with pytest.raises(MegaNotFoundError):
        client.update_agent(agent, "test-update-unknown")


def test_create_occurrence(client, simulator):
    occurred_at = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
    number = client.create_occurrence(
        "CTR0000002", "alteracao_cadastral", "Alteração cadastral aprovada", occurred_at, "occ-1"
    )
    (occurrence,) = simulator.occurrences_for("CTR0000002")
    assert occurrence.number == number
    assert (occurrence.occurrence_type, occurrence.occurred_at) == (
        "alteracao_cadastral",
        occurred_at,
    )


def test_create_occurrence_on_unknown_contract(client):
    with pytest.raises(MegaNotFoundError):
        client.create_occurrence("CTR9999999", "x", "y", None, "occ-unknown")


def test_list_jobs(client):
    jobs = client.list_jobs()
    assert {job.state for job in jobs} == set(models.JOB_STATES)
    assert all(0 <= job.progress <= 100 for job in jobs)
    assert any(job.state == "running" and job.started_at for job in jobs)


@pytest.mark.parametrize("entity", list(models.LISTED_ENTITIES))
def test_every_list_returns_every_record(client, simulator, entity):
    records = list(client.iter_records(entity, page_size=25))
    assert [r.code for r in records] == sorted(simulator.state.table(entity))
    assert all(type(r) is models.LISTED_ENTITIES[entity] for r in records)


def test_list_page_per_entity(client):
    assert client.list_page("developments").items[0].name == "Loteamento Jardim das Palmeiras"
    assert client.list_page("contracts", page_size=1).total_pages > 1
    assert isinstance(client.list_page("lots", page_size=1).items[0].area, Decimal)
    assert client.list_page("agents", page=99).items == []


def test_paging_over_three_pages(client, simulator, calls):
    counter = calls("ListAgents")
    first = client.list_page("agents", page=1, page_size=15)
    assert (first.page, first.total_pages) == (1, 3)  # 40 demo agents
    codes = [a.code for a in client.iter_records("agents", page_size=15)]
    assert counter.count == 4  # one page above, three for the iteration
    assert codes == sorted(simulator.state.agents) and len(set(codes)) == 40


def test_filters_by_development(client, simulator):
    blocks = list(client.iter_records("blocks", development_code="EMP002"))
    lots = list(client.iter_records("lots", development_code="EMP002", page_size=10))
    assert blocks and {b.development_code for b in blocks} == {"EMP002"}
    assert len(lots) == 12 * len(blocks)
    assert {lot.development_code for lot in lots} == {"EMP002"}


def test_changed_since_returns_only_later_changes(client, simulator):
    mark = client.ping().server_time
    assert list(client.iter_records("agents", changed_since=mark)) == []
    simulator.touch_agent("AGT0000010", profession="Engenheira")
    added = simulator.add_contract(
        agent_code="AGT0000010", development_code="EMP001", block_code="BLQ00001",
        lot_code="LOT0000012", status="active", visible_on_portal=True,
    )  # fmt: skip
    changed = list(client.iter_records("agents", changed_since=mark))
    assert [(a.code, a.profession) for a in changed] == [("AGT0000010", "Engenheira")]
    assert [c.code for c in client.iter_records("contracts", changed_since=mark)] == [added.code]
    assert list(client.iter_records("agents", changed_since=changed[0].changed_at)) == []


@pytest.mark.parametrize(("page", "page_size", "field"), [(0, 10, "page"), (1, 5000, "pageSize")])
def test_paging_arguments_are_validated(client, page, page_size, field):
    with pytest.raises(MegaValidationError) as caught:
        client.list_page("agents", page=page, page_size=page_size)
    assert caught.value.field == field


def test_demo_data_is_realistic(simulator):
    state = simulator.state
    for agent in state.agents.values():
        check = cpf if agent.person_type == "F" else cnpj
        assert check.is_valid(agent.cpf_cnpj), agent
    kinds = {d.name: d.kind for d in state.developments.values()}
    assert kinds["Residencial Bosque Azul (bem de terceiro)"] == "third_party_asset"
    assert {c.status for c in state.contracts.values()} >= set(models.CONTRACT_STATUSES)
    assert "QUADRA A" in {b.name for b in state.blocks.values()}
    assert "LOTE 01" in {lot.name for lot in state.lots.values()}
    for table in (state.developments, state.blocks, state.contracts):
        assert {r.visible_on_portal for r in table.values()} == {True, False}


def test_demo_data_is_deterministic_with_the_seed():
    from mega_erp.simulator.demo_data import DemoDataBuilder

    assert DemoDataBuilder(seed=5).build() == DemoDataBuilder(seed=5).build()
    assert DemoDataBuilder(seed=5).build()["agents"] != DemoDataBuilder(seed=6).build()["agents"]


def test_a_client_on_a_transport_of_its_own(client):
    """``transport``: any object with ``SoapTransport``'s methods (its options then go
    to that object, not beside it); the client's retries and checks still apply."""
    from mega_erp import MegaClient

    other = MegaClient(transport=client.transport, retries=1)
    assert other.ping().name == client.ping().name
    with pytest.raises(MegaValidationError):
        other.list_page("agents", page=0)
    with pytest.raises(TypeError, match="timeout"):
        MegaClient(transport=client.transport, timeout=5)
