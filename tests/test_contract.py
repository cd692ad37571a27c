# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repository's WSDL/XSD and what the simulator publishes are one contract."""

import dataclasses
import importlib.resources

import requests
from lxml import etree

from mega_erp import models, soap
from mega_erp.simulator import contract

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


def _published_contract(simulator):
    published = etree.fromstring(requests.get(simulator.wsdl_url, timeout=5).content)
    return contract.summary(published, contract.inline_schemas(published))


def test_published_wsdl_agrees_with_the_repository(simulator):
    assert _published_contract(simulator) == _repository_contract()


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
