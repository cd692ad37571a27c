# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulator as outside tools see it: suds (another SOAP stack than zeep), hand-made
envelopes, and xmlschema (another validator than lxml's) over the contract.

A strict SOAP 1.1 stack answers each bad request with its fault: the contract's
ValidationFault naming the element, in <detail>, for what the body breaks;
VersionMismatch and MustUnderstand for the envelope and its headers; AuthenticationFault
for WS-Security refused (replayed nonce, Created out of the window, PasswordText).
"""

import base64
import hashlib
import os
from datetime import UTC, datetime, timedelta

import pytest
import requests
import suds.client
import suds.wsse
import xmlschema
from lxml import etree
from suds.sax.element import Element as SudsElement
from xmlschema.extras.wsdl import Wsdl11Document

from mega_erp import MegaClient, MegaValidationError, xsd_rules
from mega_erp.models import Agent
from mega_erp.simulator import Simulator, contract
from mega_erp.simulator.strict_soap import MAX_REQUEST_BYTES, SOAP11, SOAP12, WSSE, WSU

NS = "urn:mega-erp:portal:v1"
TOKEN_PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
XSD = xmlschema.XMLSchema(str(xsd_rules.XSD_PATH))


# -- suds ----------------------------------------------------------------------------


class DigestToken(suds.wsse.UsernameToken):
    """suds writes a PasswordDigest given the digest: a fresh nonce and Created each
    message, as the profile asks."""

    def xml(self):
        nonce = os.urandom(16)
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.nonce = base64.b64encode(nonce).decode()
        self.password_digest = _digest(nonce, created, self.password)
        self.created = None
        root = super().xml()
        created_element = SudsElement("Created", ns=suds.wsse.wsuns)
        created_element.setText(created)
        root.append(created_element)
        return root


@pytest.fixture(scope="module")
def suds_client(simulator):
    client = suds.client.Client(simulator.wsdl_url, location=simulator.url, cache=None)
    security = suds.wsse.Security()
    security.tokens.append(DigestToken("mega", "mega"))
    client.set_options(wsse=security)
    return client


def test_every_operation_from_suds(simulator, suds_client):
    service = suds_client.service
    assert service.Ping().name.startswith("Mega ERP")
    assert service.ListDevelopments(page=1, pageSize=10).totalPages == 1
    assert service.ListBlocks(page=1, pageSize=5, developmentCode="EMP001").page == 1
    assert service.ListLots(page=1, pageSize=5).items.Lot[0].code == "LOT0000001"
    assert service.ListContracts(page=1, pageSize=5).items.Contract[0].code == "CTR0000001"
    assert service.ListAgents(page=1, pageSize=5).items.Agent[0].code == "AGT0000001"
    assert service.GetAgent(code="AGT0000002").code == "AGT0000002"
    result = service.UpdateAgent(
        agent={"code": "AGT0000002", "email": "suds@example.com.br"}, idempotencyKey="suds-update"
    )
    assert result.code == "AGT0000002"
    assert simulator.state.agents["AGT0000002"].email == "suds@example.com.br"
    number = service.CreateOccurrence(
        contractCode="CTR0000001", occurrenceType="alteração cadastral",
        description="from suds", idempotencyKey="suds-occurrence",
    )  # fmt: skip
    assert number
    assert [job.name for job in service.ListJobs().Job]


def test_suds_sees_a_refusal_as_the_contract_fault(suds_client):
    with pytest.raises(suds.WebFault) as raised:
        suds_client.service.UpdateAgent(agent={"code": "AGT0000002", "zip": "1308"}, idempotencyKey="suds-bad")
    fault = raised.value.fault
    assert fault.faultcode.endswith("Client.ValidationFault")
    assert fault.detail.ValidationFault.field == "zip"


# -- hand-made envelopes -------------------------------------------------------------


def _digest(nonce, created, password):
    return base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode()).digest()).decode()  # noqa: S324


def _security(password="mega", nonce=None, created=None, digest=True):  # noqa: S107
    if not digest:
        return (
            f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>mega</wsse:Username>'
            f'<wsse:Password Type="{TOKEN_PROFILE}#PasswordText">'
            f"{password}</wsse:Password></wsse:UsernameToken></wsse:Security>"
        )
    nonce = nonce or os.urandom(16)
    created = created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}"><wsse:UsernameToken>'
        f"<wsse:Username>mega</wsse:Username>"
        f'<wsse:Password Type="{TOKEN_PROFILE}#PasswordDigest">'
        f"{_digest(nonce, created, password)}</wsse:Password>"
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce><wsu:Created>{created}</wsu:Created>"
        f"</wsse:UsernameToken></wsse:Security>"
    )


def _envelope(body, header=None, namespace=SOAP11, extra_headers=""):
    header = _security() if header is None else header
    return (
        f'<soap:Envelope xmlns:soap="{namespace}" xmlns:tns="{NS}">'
        f"<soap:Header>{header}{extra_headers}</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


def _post(simulator, data, action="GetAgent"):
    response = requests.post(
        simulator.url, data=data, timeout=10,
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'},
    )  # fmt: skip
    return response, etree.fromstring(response.content)


def _fault(root):
    fault = root.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault is not None, etree.tostring(root)
    detail = fault.find("detail")
    return fault.findtext("faultcode"), fault.findtext("faultstring"), detail


def _validation_fault(simulator, data, action="GetAgent"):
    """(faultcode, field) of a refused request; the detail is valid for the contract."""
    response, root = _post(simulator, data, action)
    assert response.status_code == 500
    code, message, detail = _fault(root)
    assert message
    assert detail is not None and len(detail) == 1, etree.tostring(root)
    XSD.validate(detail[0])
    assert etree.QName(detail[0]).localname == "ValidationFault"
    return code, detail[0].findtext(f"{{{NS}}}field")


def test_get_agent_without_code_is_a_validation_fault(simulator):
    assert _validation_fault(simulator, _envelope("<tns:GetAgent/>")) == ("soap11env:Client.ValidationFault", "code")


def test_an_element_the_contract_does_not_declare_is_refused(simulator):
    body = "<tns:GetAgent><tns:code>AGT0000001</tns:code><tns:bogus>1</tns:bogus></tns:GetAgent>"
    assert _validation_fault(simulator, _envelope(body)) == ("soap11env:Client.ValidationFault", "bogus")


def test_a_failed_cast_is_the_contract_validation_fault(simulator):
    body = "<tns:ListAgents><tns:page>abc</tns:page></tns:ListAgents>"
    assert _validation_fault(simulator, _envelope(body), "ListAgents") == ("soap11env:Client.ValidationFault", "page")


@pytest.mark.parametrize(
    ("element", "value"),
    [("zip", "1308700"), ("cpfCnpj", "529.982.247-25"), ("phone", "(19) 3234-5678"),
     ("name", "N" * 121), ("state", "sp"), ("maritalStatus", "engaged"), ("name", "")],
)  # fmt: skip
def test_schema_facets_are_enforced_on_update_agent(simulator, element, value):
    before = simulator.state.agents["AGT0000003"]
    body = (
        f"<tns:UpdateAgent><tns:agent><tns:code>AGT0000003</tns:code><tns:{element}>{value}</tns:{element}>"
        f"</tns:agent><tns:idempotencyKey>facet-{element}-{len(value)}</tns:idempotencyKey></tns:UpdateAgent>"
    )
    assert _validation_fault(simulator, _envelope(body), "UpdateAgent") == ("soap11env:Client.ValidationFault", element)
    assert simulator.state.agents["AGT0000003"] == before


def test_an_empty_string_clears_an_optional_field(simulator):
    body = (
        "<tns:UpdateAgent><tns:agent><tns:code>AGT0000004</tns:code><tns:streetType></tns:streetType>"
        "<tns:complement></tns:complement></tns:agent><tns:idempotencyKey>clear-4</tns:idempotencyKey></tns:UpdateAgent>"
    )
    response, _root = _post(simulator, _envelope(body), "UpdateAgent")
    assert response.status_code == 200, response.content
    assert simulator.state.agents["AGT0000004"].street_type is None


def test_malformed_xml_fault_carries_detail(simulator):
    code, _field = _validation_fault(simulator, b"<soap:Envelope xmlns:soap='%s'><soap:Body>" % SOAP11.encode())
    assert code == "soap11env:Client.XMLSyntaxError"


def test_a_too_long_request_fault_carries_detail(simulator):
    data = _envelope(f"<tns:GetAgent><tns:code>{'A' * (3 * 1024 * 1024)}</tns:code></tns:GetAgent>")
    assert len(data) > MAX_REQUEST_BYTES
    code, _field = _validation_fault(simulator, data)
    assert code == "soap11env:Client.RequestTooLong"


def test_a_dtd_is_refused_not_expanded(simulator):
    data = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        + _envelope("<tns:GetAgent><tns:code>&lol2;</tns:code></tns:GetAgent>")
    )
    code, _field = _validation_fault(simulator, data)
    assert code == "soap11env:Client.DTDForbidden"


def test_soap12_envelope_gets_version_mismatch(simulator):
    response, root = _post(simulator, _envelope("<tns:Ping/>", namespace=SOAP12), "Ping")
    assert response.status_code == 500
    code, _message, _detail = _fault(root)
    assert code == "soap11env:VersionMismatch"
    upgrade = root.find(f"{{{SOAP11}}}Header/{{{SOAP12}}}Upgrade/{{{SOAP12}}}SupportedEnvelope")
    assert upgrade.get("qname") == "soap11env:Envelope"


def test_unknown_must_understand_header_gets_must_understand(simulator):
    extra = f'<x:Trace xmlns:x="urn:other" soap:mustUnderstand="1" xmlns:soap="{SOAP11}">1</x:Trace>'
    response, root = _post(simulator, _envelope("<tns:Ping/>", extra_headers=extra), "Ping")
    assert response.status_code == 500
    code, _message, detail = _fault(root)
    assert code == "soap11env:MustUnderstand"
    assert detail is None  # SOAP 1.1 4.4: header errors go in headers, not in <detail>
    assert root.find(f"{{{SOAP11}}}Header/{{{SOAP12}}}NotUnderstood").get("qname") == "h:Trace"


def test_a_header_for_another_actor_or_optional_is_ignored(simulator):
    extra = (
        f'<x:Trace xmlns:x="urn:other" xmlns:soap="{SOAP11}" soap:mustUnderstand="1"'
        ' soap:actor="urn:other-node">1</x:Trace>'
        '<x:Hint xmlns:x="urn:other">2</x:Hint>'
    )
    response, _root = _post(simulator, _envelope("<tns:Ping/>", extra_headers=extra), "Ping")
    assert response.status_code == 200


# -- WS-Security ---------------------------------------------------------------------


def _auth_fault(simulator, header):
    response, root = _post(simulator, _envelope("<tns:Ping/>", header=header), "Ping")
    if response.status_code == 200:
        return None
    code, message, detail = _fault(root)
    assert code == "soap11env:Client.AuthenticationFault"
    XSD.validate(detail[0])
    return message


def test_a_replayed_nonce_is_refused(simulator):
    header = _security(nonce=os.urandom(16))
    assert _auth_fault(simulator, header) is None
    assert "Nonce" in _auth_fault(simulator, header)


@pytest.mark.parametrize("created", ["2001-01-01T00:00:00Z", "2099-01-01T00:00:00Z"])
def test_created_out_of_the_window_is_refused(simulator, created):
    assert "Created" in _auth_fault(simulator, _security(created=created))


def test_created_within_the_window_is_accepted(simulator):
    created = (datetime.now(UTC) - timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _auth_fault(simulator, _security(created=created)) is None


def test_a_wrong_digest_is_refused(simulator):
    assert _auth_fault(simulator, _security(password="wrong")) == "Usuário ou senha inválidos."


def test_password_text_only_when_allowed(simulator):
    assert "PasswordText" in _auth_fault(simulator, _security(digest=False))
    with Simulator(agents=1, allow_password_text=True).start() as lenient:
        assert _auth_fault(lenient, _security(digest=False)) is None
        assert MegaClient(endpoint=lenient.url, username="mega", password="mega", password_digest=False).ping()


def test_the_created_window_is_configurable():
    created = (datetime.now(UTC) - timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with Simulator(agents=1, created_window=10).start() as narrow:
        assert "Created" in _auth_fault(narrow, _security(created=created))


# -- the contract, checked by xmlschema ----------------------------------------------


@pytest.mark.parametrize("where", ["repository", "served"])
def test_the_wsdl_and_its_schema_are_valid(simulator, where):
    """xmlschema reads the WSDL as WSDL 1.1 (validated against its schema), with every
    message part an element of mega.xsd, itself a valid schema."""
    location = str(contract.WSDL_DIR / contract.WSDL_FILE) if where == "repository" else simulator.wsdl_url
    wsdl = Wsdl11Document(location)
    operations = {name for name, _in, _out in wsdl.port_types[f"{{{NS}}}MegaService"].operations}
    assert len(operations) == 10
    for message in wsdl.messages.values():
        for element in message.parts.values():  # document/literal: each part an element
            assert XSD.elements[element.local_name].name == element.name
    assert XSD.validity == "valid"


@pytest.fixture
def captured(simulator):
    """A client whose every request and response is kept: (request body, response body)."""
    exchanges = []
    session = requests.Session()
    session.hooks["response"].append(
        lambda response, *args, **kwargs: exchanges.append((response.request.body, response.content))
    )
    client = MegaClient(endpoint=simulator.url, username="mega", password="mega", session=session)
    return client, exchanges


def _body_elements(document):
    root = etree.fromstring(document)
    body = root.find(f"{{{SOAP11}}}Body")
    element = body[0]
    if element.tag == f"{{{SOAP11}}}Fault":
        return [element.find("detail")[0]]
    return [element]


def test_every_captured_request_and_response_is_valid(simulator, captured):
    client, exchanges = captured
    client.ping()
    client.get_agent("AGT0000005")
    for entity in ("developments", "blocks", "lots", "contracts", "agents"):
        client.list_page(entity, datetime(2000, 1, 1, tzinfo=UTC), page=1, page_size=20)
    client.list_jobs()
    client.update_agent(Agent(code="AGT0000005", email="captured@example.com.br", complement=""), "captured-5")
    client.create_occurrence("CTR0000002", "alteração cadastral", "captured", datetime.now(UTC), "captured-occ")
    with pytest.raises(MegaValidationError):  # a fault answered by the ERP (UF of no state)
        client.update_agent(Agent(code="AGT0000005", state="XX"), "captured-fault")
    assert len(exchanges) == 11
    for request, response in exchanges:
        for element in _body_elements(request) + _body_elements(response):
            XSD.validate(element)


def test_legacy_data_served_as_it_is_still_valid(simulator, captured):
    """The ERP returns what its registry holds, legacy values included: the response
    types are lenient, and the client reads them."""
    client, exchanges = captured
    simulator.touch_agent("AGT0000006", street="R" * 300, mobile="(19) 3234-5678", cpf_cnpj="11111111111")
    agent = client.get_agent("AGT0000006")
    assert agent.street == "R" * 300
    for element in _body_elements(exchanges[-1][1]):
        XSD.validate(element)


def test_the_client_refuses_before_sending(simulator, calls):
    counter = calls("UpdateAgent")
    client = MegaClient(endpoint=simulator.url, username="mega", password="mega")
    with pytest.raises(MegaValidationError) as raised:
        client.update_agent(Agent(code="AGT0000001", zip="1308-700"), "never-sent")
    assert (raised.value.field, raised.value.rule, raised.value.limit) == ("zip", "pattern", "[0-9]{8}")
    assert raised.value.sent is False
    assert counter.count == 0
