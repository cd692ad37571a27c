# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SOAP transport of the Mega client: zeep calls in, plain records and typed errors out.

Everything that knows about zeep, XML or HTTP lives here, so that ``MegaClient`` can
later sit on a REST transport offering the same methods.
"""

import re
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from urllib.parse import urlparse

import requests
import zeep
import zeep.exceptions
from lxml import etree
from zeep.loader import parse_xml
from zeep.wsse.username import UsernameToken

from . import exceptions as errors
from . import models

DEFAULT_WSDL = str(resources.files("mega_erp") / "wsdl" / "mega.wsdl")
NAMESPACE = "urn:mega-erp:portal:v1"
SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
_NIL = {"{http://www.w3.org/2001/XMLSchema-instance}nil": "true"}
BINDING = f"{{{NAMESPACE}}}MegaService"
LIST_OPERATIONS = {
    "developments": "ListDevelopments",
    "blocks": "ListBlocks",
    "lots": "ListLots",
    "contracts": "ListContracts",
    "agents": "ListAgents",
}
# SOAP fault detail element -> exception class (ValidationFault is handled apart).
_FAULTS = {
    "AuthenticationFault": errors.MegaAuthenticationError,
    "NotFoundFault": errors.MegaNotFoundError,
    "RetryableFault": errors.MegaBusyError,
}
_FIELDS = {
    cls: models.xml_field_names(cls)
    for cls in vars(models).values()
    if isinstance(cls, type) and hasattr(cls, "__dataclass_fields__")
}


# What XML 1.0 cannot carry: C0 controls but tab, LF and CR, raw or as references.
_XML_INVALID_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CHARACTER_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")


def _is_xml_character(number):
    return number in (0x9, 0xA, 0xD) or 0x20 <= number <= 0xD7FF or 0xE000 <= number <= 0xFFFD or (
        0x10000 <= number <= 0x10FFFF
    )


def _invalid_reference(match):
    text = match.group(1)
    number = int(text[1:], 16) if text[:1] in (b"x", b"X") else int(text)
    return not _is_xml_character(number)


def _unreadable_error(content):
    """A ``MegaUnreadableError`` when ``content`` holds a character XML cannot carry,
    else None. The records' codes and change times come from a lenient reading of the
    answer without those characters, so that the caller can name what it skips."""
    if not _XML_INVALID_BYTES.search(content) and not any(
        _invalid_reference(match) for match in _CHARACTER_REFERENCE.finditer(content)
    ):
        return None
    cleaned = _CHARACTER_REFERENCE.sub(
        lambda match: b"" if _invalid_reference(match) else match.group(0),
        _XML_INVALID_BYTES.sub(b"", content),
    )
    records, total_pages = [], None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, load_dtd=False, huge_tree=False
    )
    root = etree.fromstring(cleaned, parser)
    if root is not None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            if name == "totalPages" and (element.text or "").isdigit():
                total_pages = int(element.text)
            children = {etree.QName(child).localname: child.text for child in element if isinstance(child.tag, str)}
            if "code" in children and "changedAt" in children:
                records.append((children["code"], _datetime(children["changedAt"])))
    return errors.MegaUnreadableError(
        "Refused response: it holds a character XML cannot carry (a control character)",
        records=records,
        total_pages=total_pages,
    )


def _datetime(text):
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class GuardedTransport(zeep.Transport):
    """zeep's HTTP transport, refusing before any parsing what no ERP should send.

    A DTD in a SOAP response can only be an attack (billion laughs, XXE), and an HTTP
    error page from a proxy is not a SOAP fault; zeep would feed both to lxml.
    """

    def post_xml(self, address, envelope, headers):
        response = super().post_xml(address, envelope, headers)
        content = response.content
        if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
            raise errors.MegaProtocolError("Refused response: it declares a DTD or entities")
        unreadable = _unreadable_error(content)
        if unreadable:
            raise unreadable
        if response.status_code != 200 and "xml" not in response.headers.get("Content-Type", ""):
            raise zeep.exceptions.TransportError(
                content[:200].decode(errors="replace"), status_code=response.status_code
            )
        return response


def zeep_settings(strict=True, wsdl=None):
    """Parsing settings: refuse DTDs, entities and external references outright, but for
    a WSDL the integrator chose to read from a server (``wsdl`` an http(s) URL): its own
    imports (the XSD beside it) are then read from there too (zeep 4.3 refuses them)."""
    remote = urlparse(str(wsdl or "")).scheme in ("http", "https")
    return zeep.Settings(
        strict=strict,
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=not remote,
        xml_huge_tree=False,
    )


def build_zeep_client(
    wsdl=None, username=None, password=None, timeout=30, session=None, strict=True, guarded=True,
    password_digest=True,
):
    """A zeep client configured as MegaClient uses it (``guarded=False``: bare zeep).
    ``password_digest``: WS-Security PasswordDigest (a fresh nonce and Created per
    request), else PasswordText."""
    transport = (GuardedTransport if guarded else zeep.Transport)(
        session=session or requests.Session(), timeout=timeout, operation_timeout=timeout
    )
    wsse = UsernameToken(username, password, use_digest=password_digest) if username is not None else None
    return zeep.Client(
        wsdl or DEFAULT_WSDL, transport=transport, settings=zeep_settings(strict, wsdl), wsse=wsse
    )


def to_record(record_class, value):
    """A zeep object -> a frozen dataclass (None stays None)."""
    if value is None:
        return None
    return record_class(**{attr: value[xml] for attr, xml in _FIELDS[record_class]})


def _to_xml(record):
    return {
        xml: getattr(record, attr)
        for attr, xml in _FIELDS[type(record)]
        if getattr(record, attr) is not None
    }


def _items(array, element):
    """The records of a zeep array wrapper (zeep may unwrap it, or give None)."""
    if array is None:
        return []
    if isinstance(array, list):
        return array
    return array[element] or []


@contextmanager
def _mega_errors(operation):
    """zeep, HTTP and XML failures of ``operation`` raised as ``MegaError``s."""
    try:
        yield
    except errors.MegaError as error:
        error.operation = operation
        raise
    except zeep.exceptions.Fault as fault:
        raise _fault_error(fault, operation) from fault
    except requests.Timeout as error:
        raise errors.MegaTimeoutError(str(error), operation) from error
    except requests.ConnectionError as error:
        raise errors.MegaConnectionError(str(error), operation) from error
    except zeep.exceptions.TransportError as error:
        raise _http_error(error.status_code, error.message, operation) from error
    except requests.HTTPError as error:  # zeep loads the WSDL with raise_for_status()
        response = error.response
        raise _http_error(response.status_code, response.text, operation) from error
    except (
        zeep.exceptions.DTDForbidden,
        zeep.exceptions.EntitiesForbidden,
        zeep.exceptions.XMLSyntaxError,
        zeep.exceptions.XMLParseError,
        zeep.exceptions.UnexpectedElementError,
        etree.XMLSyntaxError,
    ) as error:
        raise errors.MegaProtocolError(f"Refused response: {error}", operation) from error
    except zeep.exceptions.ValidationError as error:
        field = error.path[-1] if getattr(error, "path", None) else None
        raise errors.MegaValidationError(error.message, field, operation) from error


class _PageReader:
    """Reads the page of a ``List*`` response straight from its XML, element by element
    with zeep's own types (the same values, ``xsi:nil`` and unreadable legacy values
    included): zeep's generic matching of sequences costs a pull of Mega ERP's agents
    about as much CPU as a tenth of storing them, in the thread that fetches the next
    page beside the one being stored. Only the plain page is read here: anything else (a
    fault, an HTTP error, a header, an attribute, an element zeep's strict parsing would
    refuse or place otherwise) makes ``read`` return None, and zeep reads the response.
    """

    def __init__(self, client, operation, record_class):
        self.client = client
        self.record_class = record_class
        self.schema = schema = client.wsdl.types
        self.envelope_tag = f"{{{SOAP_ENVELOPE}}}Envelope"
        self.body_tag = f"{{{SOAP_ENVELOPE}}}Body"
        response = schema.get_element(f"{{{NAMESPACE}}}{operation}Response")
        self.response_tag = response.qname.text
        parts = dict(response.type.elements)
        self.items_tag = parts["items"].qname.text
        self.page_element, self.total_element = parts["page"], parts["totalPages"]
        self.page_tag, self.total_tag = self.page_element.qname.text, self.total_element.qname.text
        ((__, item),) = parts["items"].type.elements
        self.item_tag = item.qname.text
        # XML tag -> (position in the contract's sequence, attribute, zeep element)
        attributes = {xml: attr for attr, xml in _FIELDS[record_class]}
        self.fields = {
            element.qname.text: (position, attributes[name], element)
            for position, (name, element) in enumerate(item.type.elements)
        }

    def read(self, response):
        """The ``models.Page`` of ``response``, or None when zeep must read it."""
        if response.status_code != 200 or self.client.plugins or \
                "text/xml" not in response.headers.get("Content-Type", "text/xml"):
            return None
        try:
            envelope = parse_xml(response.content, self.client.transport, settings=self.client.settings)
        except zeep.exceptions.XMLSyntaxError:
            return None  # zeep's reading says what is wrong with it, as it always did
        if envelope.tag != self.envelope_tag or envelope.attrib or len(envelope) != 1:
            return None
        body = envelope[0]
        if body.tag != self.body_tag or body.attrib or len(body) != 1:
            return None
        result = body[0]
        if result.tag != self.response_tag or result.attrib:
            return None
        items, page, total_pages = [], None, None
        position = -1
        for child in result:
            if child.attrib:
                return None
            if child.tag == self.items_tag and position < 0:
                items = self._records(child)
                if items is None:
                    return None
                position = 0
            elif child.tag == self.page_tag and position < 1:
                page, position = self.page_element.parse(child, self.schema, allow_none=True), 1
            elif child.tag == self.total_tag and position < 2:
                total_pages, position = self.total_element.parse(child, self.schema, allow_none=True), 2
            else:
                return None
        return models.Page(items=items, page=page, total_pages=total_pages)

    def _records(self, array):
        records = []
        fields, schema, record_class = self.fields, self.schema, self.record_class
        for item in array:
            if item.tag != self.item_tag or item.attrib:
                return None
            if not len(item):
                records.append(None)  # zeep reads an empty record as None too
                continue
            values, last = {}, -1
            for child in item:
                field = fields.get(child.tag)
                if field is None or field[0] <= last or len(child):
                    return None
                last, attribute, element = field
                if not child.attrib:
                    values[attribute] = element.type.parse_xmlelement(child, schema)
                elif child.attrib != _NIL or child.text:
                    return None
            records.append(record_class(**values))
        return records


class SoapTransport:
    """Mega's SOAP service through zeep: one method per operation, records out.

    :param wsdl: WSDL location (path or URL); default: the WSDL packaged with mega_erp
    :param endpoint: service URL, overriding the WSDL's address
    :param username, password: WS-Security UsernameToken credentials
    :param timeout: seconds to wait for an answer (connect and read)
    :param session: a ``requests.Session`` to reuse (keep-alive, proxies, certificates)
    :param strict: parse responses strictly against the schema
    :param password_digest: WS-Security ``PasswordDigest`` (nonce and timestamp, the
        password never travels) rather than ``PasswordText``
    """

    def __init__(
        self,
        *,
        wsdl=None,
        endpoint=None,
        username=None,
        password=None,
        timeout=30,
        session=None,
        strict=True,
        password_digest=True,
    ):
        # Loading the WSDL is the first call to the server: an unreachable ERP is a
        # MegaConnectionError here too, never a bare requests error.
        with _mega_errors("WSDL"):
            self.client = build_zeep_client(
                wsdl, username, password, timeout, session, strict, password_digest=password_digest
            )
        self.service = (
            self.client.create_service(BINDING, endpoint) if endpoint else self.client.service
        )
        self._page_readers = {}  # operation -> _PageReader, made at its first page

    def _page_reader(self, operation, record_class):
        if operation not in self._page_readers:
            self._page_readers[operation] = _PageReader(self.client, operation, record_class)
        return self._page_readers[operation]

    def _raw_call(self, operation, **params):
        """The HTTP response of one operation, unread (``_PageReader`` or zeep reads it)."""
        with self.client.settings(raw_response=True):
            return self.service[operation](**params)

    def _zeep_page(self, operation, record_class, response):
        """The ``models.Page`` of ``response`` as zeep reads it: its own checks, faults
        and errors."""
        binding = self.service._binding
        result = binding.process_reply(self.client, binding.get(operation), response)
        items = _items(result["items"], record_class.__name__)
        return models.Page(
            items=[to_record(record_class, item) for item in items],
            page=result["page"],
            total_pages=result["totalPages"],
        )

    def call(self, operation, **params):
        """Call one operation; zeep, HTTP and XML failures become ``MegaError``s."""
        with _mega_errors(operation):
            return self.service[operation](**params)

    # -- operations ------------------------------------------------------------------

    def ping(self):
        return to_record(models.ServerInfo, self.call("Ping"))

    def get_agent(self, code):
        return to_record(models.Agent, self.call("GetAgent", code=code))

    def update_agent(self, agent, idempotency_key):
        result = self.call("UpdateAgent", agent=_to_xml(agent), idempotencyKey=idempotency_key)
        return models.UpdateResult(code=result["code"], changed_at=result["changedAt"])

    def create_occurrence(
        self, contract_code, occurrence_type, description, occurred_at, idempotency_key
    ):
        return self.call(
            "CreateOccurrence",
            contractCode=contract_code,
            occurrenceType=occurrence_type,
            description=description,
            occurredAt=occurred_at,
            idempotencyKey=idempotency_key,
        )

    def list_jobs(self):
        return [to_record(models.Job, job) for job in _items(self.call("ListJobs"), "Job")]

    def list_page(self, entity, changed_since, page, page_size, **filters):
        record_class = models.LISTED_ENTITIES[entity]
        operation = LIST_OPERATIONS[entity]
        params = {models.camel_case(k): v for k, v in filters.items() if v is not None}
        with _mega_errors(operation):
            response = self._raw_call(
                operation, changedSince=changed_since, page=page, pageSize=page_size, **params
            )
            # Not a plain page (a fault, a header, an element out of place...): zeep reads it.
            page_read = self._page_reader(operation, record_class).read(response)
            if page_read is None:
                page_read = self._zeep_page(operation, record_class, response)
            return page_read


def _fault_error(fault, operation):
    detail = _fault_detail(fault.detail)
    kind = detail.pop("_kind", None) or (fault.code or "").rpartition(".")[2]
    message = detail.get("message") or fault.message or kind
    if kind == "ValidationFault":
        return errors.MegaValidationError(message, detail.get("field"), operation)
    if kind in _FAULTS:
        return _FAULTS[kind](message, operation)
    # A fault outside the contract: the server's own failure may pass, a client one won't.
    if (fault.code or "").rpartition(":")[2].startswith("Server"):
        return errors.MegaServerError(message, operation=operation)
    return errors.MegaProtocolError(f"Unexpected fault {fault.code}: {message}", operation)


def _fault_detail(detail):
    """{'_kind': detail element name, child name: text, ...} from a fault's detail."""
    if not isinstance(detail, etree._Element) or len(detail) == 0:
        return {}
    element = detail[0]
    values = {etree.QName(child).localname: child.text for child in element}
    values["_kind"] = etree.QName(element).localname
    return values


def _http_error(status, message, operation):
    """The ``MegaError`` of an HTTP answer with ``status`` and no SOAP fault."""
    status = status or 0
    if status >= 500:
        return errors.MegaServerError(
            f"HTTP {status} without a SOAP fault", status_code=status, operation=operation
        )
    if status in (401, 403):
        return errors.MegaAuthenticationError(f"HTTP {status}", operation)
    return errors.MegaProtocolError(
        f"Unusable response (HTTP {status}): {(message or '')[:200]}", operation
    )
