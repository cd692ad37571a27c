# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The same idempotency key never changes anything twice, even across retries."""

from mega_erp import Agent


def test_update_agent_twice_with_one_key(simulator, client):
    first = client.update_agent(Agent(code="AGT0000005", complement="Casa 1"), "idem-update")
    second = client.update_agent(Agent(code="AGT0000005", complement="Casa 9"), "idem-update")
    assert second == first
    assert simulator.state.agents["AGT0000005"].complement == "Casa 1"
    assert simulator.state.agents["AGT0000005"].changed_at == first.changed_at


def test_create_occurrence_twice_with_one_key(simulator, client):
    args = ("CTR0000003", "alteracao_cadastral", "Endereço alterado", None, "idem-occurrence")
    first = client.create_occurrence(*args)
    second = client.create_occurrence(*args)
    assert first == second
    assert [o.number for o in simulator.occurrences_for("CTR0000003")] == [first]


def test_retry_after_lost_answer_creates_one_occurrence(simulator, make_client, calls):
    """Answers come too late for the client, but the ERP still runs each call: the
    retries and the late originals must all end in one occurrence per key."""
    simulator.set_faults(timeout_rate=0.5, timeout_sleep=0.6, seed=3)
    counter = calls("CreateOccurrence")
    client = make_client(retries=8, timeout=0.3)
    for i in range(4):
        client.create_occurrence("CTR0000004", "contato", f"Mensagem {i}", None, f"idem-retry-{i}")
    assert counter.count > 4
    assert len(simulator.occurrences_for("CTR0000004")) == 4


def test_other_keys_create_other_occurrences(simulator, client):
    for key in ("k-a", "k-b"):
        client.create_occurrence("CTR0000005", "contato", "Olá", None, key)
    assert len(simulator.occurrences_for("CTR0000005")) == 2
