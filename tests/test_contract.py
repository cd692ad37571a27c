# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repository's WSDL/XSD are the contract: the simulator serves them as they are,
and its spyne service implements the operations and types they declare."""

import dataclasses
import importlib.resources

import requests
from lxml import etree

from mega_erp import models, soap
from mega_erp.simulator import contract
from mega_erp.simulator.service import build_application

OPERATIONS = {
    "Ping", "ListDevelopments", "ListBlocks", "ListLots", "ListContracts", "ListAgents",
    "GetAgent", "UpdateAgent", "CreateOccurrence", "ListJobs",
}  # fmt: skip
FAULTS = ["AuthenticationFault", "NotFoundFault", "RetryableFault", "ValidationFault"]


def _repository_contract():
    folder = importlib.resources.files("mega_erp") / "wsdl"
    wsdl = etree.fromstring((folder / contract.WSDL_FILE).read_bytes())
    xsd = etree.fromstring((folder / contract.XSD_FILE).read_bytes())
    return contract.summary(wsdl, [xsd])


def test_served_wsdl_is_the_repository_contract(simulator):
    """?wsdl is the repository's WSDL with the simulator's address; its schema, imported
    from mega.xsd beside it, is the repository's XSD byte for byte."""
    folder = importlib.resources.files("mega_erp") / "wsdl"
    served = etree.fromstring(requests.get(simulator.wsdl_url, timeout=5).content)
    ns = {"soap": "http://schemas.xmlsoap.org/wsdl/soap/", "xs": "http://www.w3.org/2001/XMLSchema"}
    assert served.find(".//soap:address", ns).get("location") == simulator.url
    assert served.find(".//xs:import", ns).get("schemaLocation") == contract.XSD_FILE
    served_xsd = requests.get(simulator.url + contract.XSD_FILE, timeout=5).content
    assert served_xsd == (folder / contract.XSD_FILE).read_bytes()
    assert contract.summary(served, [etree.fromstring(served_xsd)]) == _repository_contract()


def test_spyne_service_agrees_with_the_repository(simulator):
    """What spyne derives from the service (operations, messages, faults, types,
    fields, enumerations) is what the hand-written contract declares."""
    published = etree.fromstring(contract.published_wsdl(build_application(simulator)))
    assert contract.summary(published, contract.inline_schemas(published)) == _repository_contract()


def test_operations_and_faults():
    operations = _repository_contract()["operations"]
    assert set(operations) == OPERATIONS
    assert all(faults == FAULTS for _in, _out, faults in operations.values())


def test_types_carry_every_field_of_the_records():
    types = _repository_contract()["types"]
    for record_class in (*models.LISTED_ENTITIES.values(), models.Occurrence, models.Job,
                         models.ServerInfo):  # fmt: skip
        expected = [xml for _attr, xml in models.xml_field_names(record_class)]
        assert [name for name, _type, _max in types[record_class.__name__]] == expected
    assert [name for name, *_ in types["ValidationFault"]] == ["field", "message"]
    assert types["ContractStatus"] == list(models.CONTRACT_STATUSES)


def test_signatures_other_systems_rely_on():
    types = _repository_contract()["types"]

    def names(type_name):
        return [name for name, *_ in types[type_name]]

    assert names("GetAgent") == ["code"]
    assert names("UpdateAgent") == ["agent", "idempotencyKey"]
    assert names("UpdateAgentResponse") == ["code", "changedAt"]
    assert names("CreateOccurrence") == [
        "contractCode", "occurrenceType", "description", "occurredAt", "idempotencyKey",
    ]  # fmt: skip
    assert names("CreateOccurrenceResponse") == ["number"]
    for operation in ("ListDevelopments", "ListContracts", "ListAgents"):
        assert names(operation) == ["changedSince", "page", "pageSize"]
        assert names(f"{operation}Response") == ["items", "page", "totalPages"]
    for operation in ("ListBlocks", "ListLots"):
        assert names(operation) == ["changedSince", "page", "pageSize", "developmentCode"]


def test_packaged_wsdl_is_the_client_default():
    client = soap.build_zeep_client()
    assert client.wsdl.location.endswith("mega.wsdl")
    assert dataclasses.is_dataclass(models.Agent)
    assert set(client.service._operations) == OPERATIONS
