# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Faults and bad answers become typed errors; only retryable ones are retried."""

import dataclasses

import pytest

from mega_erp import (
    Agent,
    MegaAuthenticationError,
    MegaBusyError,
    MegaPermanentError,
    MegaProtocolError,
    MegaRetryableError,
    MegaServerError,
    MegaTimeoutError,
    MegaValidationError,
)
from mega_erp.exceptions import MegaConnectionError

# fault setting -> (error raised, retryable?)
INJECTED = {
    "retryable_rate": (MegaBusyError, True),
    "malformed_rate": (MegaProtocolError, False),
    "hostile_rate": (MegaProtocolError, False),
    "server_error_rate": (MegaServerError, True),
}


@pytest.mark.parametrize("setting", list(INJECTED))
def test_injected_fault_maps_to_its_error(simulator, client, setting):
    error_class, retryable = INJECTED[setting]
    simulator.set_faults(**{setting: 1.0})
    with pytest.raises(error_class) as caught:
        client.ping()
    assert isinstance(caught.value, MegaRetryableError) is retryable
    assert isinstance(caught.value, MegaPermanentError) is not retryable
    assert caught.value.operation == "Ping"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_hostile_xml_is_refused_before_parsing(simulator, client, seed):
    """Seeds alternate billion laughs and XXE; neither reaches the XML parser."""
    simulator.set_faults(hostile_rate=1.0, seed=seed)
    with pytest.raises(MegaProtocolError, match="DTD or entities"):
        client.get_agent("AGT0000001")


def test_timeout(simulator, make_client):
    simulator.set_faults(timeout_rate=1.0, timeout_sleep=1.0)
    with pytest.raises(MegaTimeoutError):
        make_client(timeout=0.2).ping()


def test_connection_refused(simulator):
    from mega_erp import MegaClient

    client = MegaClient(endpoint="http://127.0.0.1:9/", username="mega", password="mega")
    with pytest.raises(MegaConnectionError):
        client.ping()


def test_unreachable_wsdl_is_a_connection_error():
    """Loading the WSDL is the first call to the ERP: an unreachable one is a typed,
    retryable error too, never a bare HTTP library error."""
    from mega_erp import MegaClient

    with pytest.raises(MegaConnectionError) as raised:
        MegaClient(wsdl="http://127.0.0.1:9/?wsdl", username="mega", password="mega")
    assert raised.value.operation == "WSDL"


def test_a_wsdl_the_server_does_not_have_is_a_protocol_error(simulator):
    """An HTTP error status while loading the WSDL is typed as well (here the service's
    405: it answers a GET of anything but its WSDL so)."""
    from mega_erp import MegaClient

    with pytest.raises(MegaProtocolError) as raised:
        MegaClient(wsdl=f"{simulator.url.rstrip('/')}/no-such-wsdl.xml", username="mega", password="mega")
    assert raised.value.operation == "WSDL"
    assert "HTTP 405" in str(raised.value)


def test_wrong_password(simulator):
    from mega_erp import MegaClient

    client = MegaClient(endpoint=simulator.url, username="mega", password="wrong")
    with pytest.raises(MegaAuthenticationError):
        client.ping()


def test_missing_credentials(simulator):
    from mega_erp import MegaClient

    with pytest.raises(MegaAuthenticationError):
        MegaClient(endpoint=simulator.url).ping()


def test_refused_credentials_are_not_retried(simulator, make_client, calls):
    simulator.set_faults(refuse_auth=True)
    counter = calls("Ping")
    with pytest.raises(MegaAuthenticationError):
        make_client(retries=3).ping()
    assert counter.count == 1


def test_validation_errors_are_not_retried(simulator, make_client, calls):
    agent = dataclasses.replace(simulator.state.agents["AGT0000001"], email="not-an-email")
    counter = calls("UpdateAgent")
    with pytest.raises(MegaValidationError):
        make_client(retries=3).update_agent(agent, "no-retry-validation")
    assert counter.count == 1


@pytest.mark.parametrize(
    ("faults", "error_class"),
    [
        ({"retryable_rate": 1.0}, MegaBusyError),
        ({"server_error_rate": 1.0}, MegaServerError),
        ({"timeout_rate": 1.0, "timeout_sleep": 1.0}, MegaTimeoutError),
    ],
)
def test_retryable_errors_are_retried_then_raised(
    simulator, make_client, calls, faults, error_class
):
    simulator.set_faults(**faults)
    counter = calls("Ping")
    with pytest.raises(error_class):
        make_client(retries=2, timeout=0.2).ping()
    assert counter.count == 3


def test_retries_get_through_intermittent_faults(simulator, make_client, calls):
    simulator.set_faults(retryable_rate=0.5, seed=11)
    counter = calls("GetAgent")
    client = make_client(retries=10)
    for _ in range(10):
        assert client.get_agent("AGT0000001").code == "AGT0000001"
    assert counter.count > 10  # some calls failed and were made again


def test_no_retry_by_default(simulator, client, calls):
    simulator.set_faults(retryable_rate=1.0)
    counter = calls("Ping")
    with pytest.raises(MegaBusyError):
        client.ping()
    assert counter.count == 1


# (field changed, bad value, XML field in the fault)
BAD_AGENT_DATA = [
    ("cpf_cnpj", "52998224724", "cpfCnpj"),
    ("cpf_cnpj", "529.982.247-25", "cpfCnpj"),
    ("name", "N" * 121, "name"),
    ("email", "fulano@", "email"),
    ("other_emails", "a@b.com, nope", "otherEmails"),
    ("zip", "1308700", "zip"),
    ("state", "XX", "state"),
    ("person_type", "X", "personType"),
    ("marital_status", "engaged", "maritalStatus"),
    ("spouse_cpf", "11111111111", "spouseCpf"),
    ("street_type", "Boulevard", "streetType"),
    ("mobile", "9999", "mobile"),
    ("phone", "5639071549", "phone"),  # no DDD 56 in Brazil
    ("mobile", "80998765432", "mobile"),  # nor 80
    ("mobile", "1332345678", "mobile"),  # a landline where a mobile goes
    ("zip", "00999999", "zip"),  # in no UF's range
    ("zip", "20040020", "zip"),  # Rio de Janeiro's, for a customer in São Paulo
]


@pytest.mark.parametrize("check_requests", [True, False], ids=["client-checks", "erp-checks"])
@pytest.mark.parametrize(("attribute", "value", "field"), BAD_AGENT_DATA)
def test_update_agent_validation_names_the_field(simulator, make_client, attribute, value, field, check_requests):
    """The same field is named whether the client's schema check or the ERP refuses."""
    before = simulator.state.agents["AGT0000001"]
    agent = Agent(code="AGT0000001", **{attribute: value})
    with pytest.raises(MegaValidationError) as caught:
        make_client(check_requests=check_requests).update_agent(agent, f"bad-{attribute}-{value}")
    assert caught.value.field == field
    assert caught.value.message
    assert simulator.state.agents["AGT0000001"] == before


def test_required_field_cannot_be_cleared(simulator, client):
    with pytest.raises(MegaValidationError) as caught:
        client.update_agent(Agent(code="AGT0000001", name=""), "clear-name")
    assert caught.value.field == "name"
