# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A registry as real ones are: legacy agents (``--legacy-rate``), and a character XML
cannot carry, which the client refuses with the codes of the page it could not read."""

import pytest

from mega_erp import MegaClient
from mega_erp.exceptions import MegaUnreadableError
from mega_erp.simulator import Simulator
from mega_erp.simulator.__main__ import _serve_parser
from mega_erp.simulator.demo_data import LEGACY_DEFECTS, DemoDataBuilder, legacy_defect


def test_a_share_of_the_agents_is_dirty_each_defect_in_turn():
    clean = DemoDataBuilder(seed=3, agents=70).build()["agents"]
    dirty = DemoDataBuilder(seed=3, agents=70, legacy_rate=0.1).build()["agents"]
    changed = [number for number, (a, b) in enumerate(zip(clean, dirty, strict=True), 1) if a != b]
    assert changed == list(range(10, 71, 10))
    assert [legacy_defect(number, 0.1)[0] for number in changed] == [name for name, __ in LEGACY_DEFECTS]
    assert dirty[9].mobile == dirty[9].phone
    assert len(dirty[69].street) == 300
    assert _serve_parser().parse_args(["--legacy-rate", "0.1"]).legacy_rate == 0.1


@pytest.fixture
def small_simulator():
    with Simulator(agents=6, seed=2).start(port=0) as sim:
        yield sim


def test_a_character_xml_cannot_carry_is_refused_with_the_codes_of_the_page(small_simulator):
    client = MegaClient(endpoint=small_simulator.url, username="mega", password="mega", timeout=5)
    small_simulator.touch_agent("AGT0000002", name="Fulano\x01 de Tal")
    with pytest.raises(MegaUnreadableError) as refused:
        client.list_page("agents", page=1, page_size=4)
    assert [code for code, __ in refused.value.records] == ["AGT0000001", "AGT0000002", "AGT0000003", "AGT0000004"]
    assert refused.value.records[1][1] == small_simulator.state.agents["AGT0000002"].changed_at
    assert refused.value.total_pages == 2
    # the other records are read, one page around it
    assert [agent.code for agent in client.list_page("agents", page=3, page_size=1).items] == ["AGT0000003"]
