# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a strict SOAP 1.1 stack checks before an operation runs, in its order.

Size, well-formed XML without a DTD, a SOAP 1.1 envelope (another version:
``VersionMismatch``), the headers meant for us understood (else ``MustUnderstand``),
WS-Security (``AuthenticationFault``), then the body element validated against
``mega.xsd`` (``ValidationFault`` naming the element). spyne then gets only requests
that passed; every fault answered here has spyne's form, and those about the body carry
the contract's ``<detail>``.
"""

import base64
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime

from lxml import etree

from mega_erp import xsd_rules

from .schema import NAMESPACE

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
_ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_PASSWORD_DIGEST = "#PasswordDigest"  # noqa: S105 - a type of password, not one
_PASSWORD_TEXT = "#PasswordText"  # noqa: S105
MAX_REQUEST_BYTES = 1024 * 1024  # the biggest request of the contract is a few KB
UNDERSTOOD_HEADERS = {f"{{{WSSE}}}Security"}
OPERATIONS = frozenset((
    "Ping", "ListDevelopments", "ListBlocks", "ListLots", "ListContracts", "ListAgents",
    "GetAgent", "UpdateAgent", "CreateOccurrence", "ListJobs",
))  # fmt: skip
# Nothing outside the request is read: no DTD, no entity, no network.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_SCHEMA = etree.XMLSchema(etree.parse(str(xsd_rules.XSD_PATH)))
_SCHEMA_LOCK = threading.Lock()  # an lxml validator keeps its error log: one at a time
_MESSAGES = {
    "required": "Campo obrigatório.",
    "length": "Deve ter {limit} caracteres.",
    "minLength": "Mínimo de {limit} caracteres.",
    "maxLength": "Tamanho máximo de {limit} caracteres excedido.",
    "pattern": "Formato inválido: {value!r} não segue o padrão {limit}.",
    "enumeration": "Valor inválido: {value!r}.",
    "minInclusive": "O mínimo é {limit}.",
    "maxInclusive": "O máximo é {limit}.",
}


class SoapRefusal(Exception):
    """A request refused before any operation ran, answered as a SOAP 1.1 fault.

    ``kind``: the contract's fault whose element goes in ``<detail>`` (None: a fault of
    the envelope or its headers, which SOAP 1.1 keeps out of ``<detail>``);
    ``headers``: elements for the fault's ``<Header>``.
    """

    def __init__(
        self, code, message, kind="ValidationFault", field=None, headers=(), status="500 Internal Server Error"
    ):
        super().__init__(message)
        self.code, self.message, self.kind, self.field = code, message, kind, field
        self.headers, self.status = headers, status

    def envelope(self):
        envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap11env": SOAP11, "tns": NAMESPACE})
        if self.headers:
            etree.SubElement(envelope, f"{{{SOAP11}}}Header").extend(self.headers)
        fault = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP11}}}Body"), f"{{{SOAP11}}}Fault")
        etree.SubElement(fault, "faultcode").text = f"soap11env:{self.code}"
        etree.SubElement(fault, "faultstring").text = self.message
        if self.kind:
            detail = etree.SubElement(etree.SubElement(fault, "detail"), f"{{{NAMESPACE}}}{self.kind}")
            if self.field:
                etree.SubElement(detail, f"{{{NAMESPACE}}}field").text = self.field
            etree.SubElement(detail, f"{{{NAMESPACE}}}message").text = self.message
        return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _client(code, message, **kwargs):
    return SoapRefusal(f"Client.{code}", message, **kwargs)


class NonceCache:
    """The nonces seen within the window of accepted ``Created`` times: a nonce comes
    once, and an older one is refused by its ``Created`` anyway."""

    def __init__(self, window):
        self.window = window
        self._seen = OrderedDict()  # nonce -> when it may be forgotten (monotonic)
        self._lock = threading.Lock()

    def first_use(self, nonce):
        now = time.monotonic()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now:
                self._seen.popitem(last=False)
            if nonce in self._seen:
                return False
            # twice the window: a Created up to `window` ahead stays valid that long
            self._seen[nonce] = now + 2 * self.window
            return True


class WsSecurity:
    """UsernameToken as strict ERPs apply it: ``PasswordDigest`` with a nonce used
    once and a ``Created`` within ``created_window`` seconds of the server's clock;
    ``PasswordText`` only when ``allow_password_text``."""

    def __init__(self, simulator):
        self.simulator = simulator
        self.nonces = NonceCache(simulator.created_window)

    def check(self, header):
        """Raise ``SoapRefusal`` (AuthenticationFault) unless ``header`` (the SOAP
        Header, or None) authenticates the simulator's user."""
        simulator = self.simulator
        token = header.find(f"{{{WSSE}}}Security/{{{WSSE}}}UsernameToken") if header is not None else None
        if simulator.faults.refuse_auth or token is None:
            raise _auth("Usuário ou senha inválidos.")
        username = token.findtext(f"{{{WSSE}}}Username")
        password = token.find(f"{{{WSSE}}}Password")
        if password is None:
            raise _auth("Usuário ou senha inválidos.")
        password_type = password.get("Type") or _PASSWORD_TEXT
        given = (password.text or "").strip()
        if password_type.endswith(_PASSWORD_TEXT):
            if not simulator.allow_password_text:
                raise _auth("Senha em texto (PasswordText) não aceita: use PasswordDigest.")
            matches = hmac.compare_digest(given.encode(), simulator.password.encode())
        elif password_type.endswith(_PASSWORD_DIGEST):
            matches = self._digest_matches(token, given)
        else:
            raise _auth(f"Tipo de senha desconhecido: {password_type}.")
        if username != simulator.username or not matches:
            raise _auth("Usuário ou senha inválidos.")

    def _digest_matches(self, token, given):
        nonce_text = (token.findtext(f"{{{WSSE}}}Nonce") or "").strip()
        created_text = (token.findtext(f"{{{WSU}}}Created") or "").strip()
        if not nonce_text or not created_text:
            raise _auth("PasswordDigest exige Nonce e Created.")
        try:
            nonce = base64.b64decode(nonce_text, validate=True)
            created = datetime.fromisoformat(created_text)
        except ValueError:
            raise _auth("Nonce ou Created malformado.") from None
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        skew = abs((datetime.now(UTC) - created).total_seconds())
        if skew > self.simulator.created_window:
            raise _auth(
                f"Created fora da janela de {self.simulator.created_window:g} s do relógio do servidor."
            )
        raw = nonce + created_text.encode() + self.simulator.password.encode()
        expected = base64.b64encode(hashlib.sha1(raw).digest()).decode()  # noqa: S324 - the profile's digest
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return False
        if not self.nonces.first_use(nonce_text):
            raise _auth("Nonce já usado (requisição repetida).")
        return True


def _auth(message):
    return _client("AuthenticationFault", message, kind="AuthenticationFault")


def read_body(environ):
    """The request's body, or ``SoapRefusal`` when it is too long (not read then)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BYTES:
        raise _client("RequestTooLong", f"Requisição de {length} bytes; o máximo é {MAX_REQUEST_BYTES}.")
    body = environ["wsgi.input"].read(length) if length else environ["wsgi.input"].read(MAX_REQUEST_BYTES + 1)
    if len(body) > MAX_REQUEST_BYTES:
        raise _client("RequestTooLong", f"Requisição maior que {MAX_REQUEST_BYTES} bytes.")
    return body


def check_request(body, security):
    """The operation element of a request that a strict stack accepts; else raise
    ``SoapRefusal``."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as error:
        raise _client("XMLSyntaxError", f"XML malformado: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _client("DTDForbidden", "Requisição com DTD recusada.")
    if root.tag != f"{{{SOAP11}}}Envelope":
        raise _version_mismatch(root)
    header = root.find(f"{{{SOAP11}}}Header")
    if header is not None:
        _check_must_understand(header)
    security.check(header)
    body_element = root.find(f"{{{SOAP11}}}Body")
    children = [child for child in body_element if isinstance(child.tag, str)] if body_element is not None else []
    if len(children) != 1:
        raise _client("ValidationFault", "O corpo SOAP deve ter um único elemento, a operação.")
    operation = children[0]
    qname = etree.QName(operation)
    if qname.namespace != NAMESPACE or qname.localname not in OPERATIONS:
        raise _client("ValidationFault", f"Operação desconhecida: {operation.tag}.", field=qname.localname)
    _validate(operation)
    return operation


def _version_mismatch(root):
    """SOAP 1.2 (or no SOAP) envelope: a SOAP 1.1 VersionMismatch, with the Upgrade
    header of SOAP 1.2's appendix A saying which envelope we support."""
    upgrade = etree.Element(f"{{{SOAP12}}}Upgrade", nsmap={"soap12env": SOAP12})
    etree.SubElement(upgrade, f"{{{SOAP12}}}SupportedEnvelope", qname="soap11env:Envelope", nsmap={"soap11env": SOAP11})
    return SoapRefusal(
        "VersionMismatch",
        f"Envelope {etree.QName(root).namespace or root.tag} não suportado: este serviço fala SOAP 1.1.",
        kind=None,
        headers=[upgrade],
    )


def _check_must_understand(header):
    for entry in header:
        if not isinstance(entry.tag, str) or entry.tag in UNDERSTOOD_HEADERS:
            continue
        actor = entry.get(f"{{{SOAP11}}}actor")
        if actor not in (None, _ACTOR_NEXT):
            continue  # meant for another node
        if entry.get(f"{{{SOAP11}}}mustUnderstand") in ("1", "true"):
            # SOAP 1.1 keeps header errors out of <detail>; SOAP 1.2's NotUnderstood
            # header names the culprit.
            name = etree.QName(entry)
            nsmap = {"soap12env": SOAP12, **({"h": name.namespace} if name.namespace else {})}
            not_understood = etree.Element(f"{{{SOAP12}}}NotUnderstood", nsmap=nsmap)
            not_understood.set("qname", f"h:{name.localname}" if name.namespace else name.localname)
            raise SoapRefusal(
                "MustUnderstand", f"Cabeçalho obrigatório não compreendido: {entry.tag}.",
                kind=None, headers=[not_understood],
            )  # fmt: skip


def _validate(operation):
    with _SCHEMA_LOCK:
        if _SCHEMA.validate(operation):
            return
        error = _SCHEMA.error_log[0]
    field, message = _explain(operation, error)
    raise _client("ValidationFault", message, field=field)


def _explain(operation, error):
    """(element, message in Portuguese) of lxml's first schema error."""
    steps = [step.rpartition(":")[2].partition("[")[0] for step in (error.path or "").split("/") if step]
    field = steps[-1] if steps else etree.QName(operation).localname
    text = error.message
    if "Missing child element" in text and "Expected is" in text:
        expected = text.partition("Expected is")[2].strip(" ().")
        return expected.split(",")[0].strip().rpartition("}")[2], _MESSAGES["required"]
    if "This element is not expected" in text:
        return field, f"Elemento não previsto pelo contrato: {field}."
    element = _rule_at(steps)
    value = _value_at(operation, error.path)
    if element is not None and value == "" and not element.clearable:
        return field, _MESSAGES["required"]
    if element is not None and element.rule is not None and value is not None:
        try:
            broken = element.rule.violation(int(value) if element.rule.base == "integer" else value)
        except ValueError:
            broken = None
        if broken:
            rule, limit = broken
            if rule == "enumeration":
                limit = ", ".join(limit)
            return field, _MESSAGES[rule].format(limit=limit, value=value)
    return field, f"Valor inválido: {value!r}." if value is not None else text


def _rule_at(steps):
    """The ``xsd_rules.ElementRule`` of the element at ``steps`` (from the operation)."""
    type_name, element = steps[0] if steps else None, None
    for step in steps[1:]:
        element = xsd_rules.TYPES.get(type_name, {}).get(step)
        if element is None:
            return None
        type_name = element.type_name
    return element


def _value_at(operation, path):
    steps = [step for step in (path or "").split("/") if step][1:]
    node = operation
    for step in steps:
        local = step.rpartition(":")[2].partition("[")[0]
        index = int(step.partition("[")[2].rstrip("]") or 1)
        matches = [child for child in node if isinstance(child.tag, str) and etree.QName(child).localname == local]
        if len(matches) < index:
            return None
        node = matches[index - 1]
    return node.text or ""
