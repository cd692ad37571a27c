# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The List* pages read straight from the XML (``soap._PageReader``) are the pages zeep
reads, legacy data included; whatever is not a plain page is left to zeep."""

import re

import pytest

from mega_erp import MegaBusyError, MegaProtocolError, MegaServerError, models
from mega_erp.simulator import Simulator
from mega_erp.soap import LIST_OPERATIONS, SoapTransport


@pytest.fixture(scope="module")
def legacy_transport():
    with Simulator(agents=120, seed=5, legacy_rate=0.1).start(port=0) as sim:
        yield SoapTransport(endpoint=sim.url, username="mega", password="mega", timeout=10)


@pytest.mark.parametrize("entity", list(LIST_OPERATIONS))
def test_every_page_reads_as_zeep_reads_it(legacy_transport, entity):
    operation, record_class = LIST_OPERATIONS[entity], models.LISTED_ENTITIES[entity]
    reader = legacy_transport._page_reader(operation, record_class)
    response = legacy_transport._raw_call(operation, page=1, pageSize=200)
    page = reader.read(response)
    assert page is not None and page.items
    assert page == legacy_transport._zeep_page(operation, record_class, response)


def test_nil_values_read_as_none_and_anything_else_is_left_to_zeep(legacy_transport):
    reader = legacy_transport._page_reader("ListAgents", models.Agent)
    response = legacy_transport._raw_call("ListAgents", page=1, pageSize=2)
    content = response.content
    nil = b'<tns:rg xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'
    response._content = re.sub(rb"<tns:rg>[^<]*</tns:rg>", nil, content, count=1)
    page = reader.read(response)
    assert page.items[0].rg is None
    assert page == legacy_transport._zeep_page("ListAgents", models.Agent, response)
    # an element out of the contract's order: zeep's strict reading decides
    response._content = content.replace(b"<tns:personType>", b"<tns:zip>1</tns:zip><tns:personType>", 1)
    assert reader.read(response) is None
    # a fault
    response._content = content
    response.status_code = 500
    assert reader.read(response) is None


@pytest.mark.parametrize(("setting", "error_class"), [
    ("retryable_rate", MegaBusyError),
    ("malformed_rate", MegaProtocolError),
    ("hostile_rate", MegaProtocolError),
    ("server_error_rate", MegaServerError),
])  # fmt: skip
def test_a_page_zeep_reads_raises_its_error(simulator, client, setting, error_class):
    """Faults, bad XML and hostile XML in a List* answer: the same typed errors as any
    other operation (the page reader leaves them to zeep)."""
    simulator.set_faults(**{setting: 1.0})
    with pytest.raises(error_class) as caught:
        client.list_page("agents", page_size=5)
    assert caught.value.operation == "ListAgents"
