# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""With ``db_path`` the simulator's state survives a restart."""

import dataclasses

from mega_erp import Agent, MegaClient
from mega_erp.simulator import Simulator


def _client(simulator):
    return MegaClient(endpoint=simulator.url, username="mega", password="mega", timeout=5)


def test_state_survives_a_restart(tmp_path):
    db_path = str(tmp_path / "mega.sqlite")
    with Simulator(agents=12, seed=4, db_path=db_path).start() as first:
        client = _client(first)
        updated = client.update_agent(Agent(code="AGT0000002", city="Jundiaí"), "persist-1")
        number = client.create_occurrence("CTR0000001", "contato", "Olá", None, "persist-2")
        template = dataclasses.asdict(first.state.agents["AGT0000001"])
        added = first.add_agent(**{**template, "code": None})
        expected = dict(first.state.agents)
    with Simulator(agents=12, seed=99, db_path=db_path).start() as second:
        client = _client(second)
        assert second.state.agents == expected
        assert client.get_agent("AGT0000002").city == "Jundiaí"
        assert client.get_agent(added.code).changed_at == added.changed_at
        assert [o.number for o in second.occurrences_for("CTR0000001")] == [number]
        # Idempotency keys are remembered too.
        assert client.create_occurrence("CTR0000001", "contato", "Olá", None, "persist-2") == number
        again = client.update_agent(Agent(code="AGT0000002", city="Itu"), "persist-1")
        assert again == updated
        assert list(client.iter_records("agents", changed_since=updated.changed_at)) == [
            client.get_agent(added.code)
        ]


def test_without_db_a_restart_starts_over():
    with Simulator(agents=3).start() as first:
        first.touch_agent("AGT0000001", name="Outro Nome")
    with Simulator(agents=3).start() as second:
        assert second.state.agents["AGT0000001"].name != "Outro Nome"
