# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulator's single WSGI application: SOAP, WSDL, admin JSON and fault injection.

SOAP POSTs are counted per operation and may be delayed or spoiled here, before
spyne sees them; ``/_admin/...`` lets tests in other processes inspect and steer it.
"""

import dataclasses
import io
import json
import time
from urllib.parse import parse_qs

from spyne.server.wsgi import WsgiApplication

from . import contract, strict_soap
from . import fault_injection as fi
from .service import FAULT_MARK, XML_UNSAFE_MARK
from .state import ENTITIES
from .storage import to_json_value

_MALFORMED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<soap11env:Envelope xmlns:soap11env="http://schemas.xmlsoap.org/soap/envelope/">'
    b"<soap11env:Body><tns:Respo"
)
_ENVELOPE = (
    '<soap11env:Envelope xmlns:soap11env="http://schemas.xmlsoap.org/soap/envelope/">'
    "<soap11env:Body><soap11env:Fault><faultcode>soap11env:Server</faultcode>"
    "<faultstring>{payload}</faultstring></soap11env:Fault></soap11env:Body>"
    "</soap11env:Envelope>"
)
_HOSTILE = {
    # Nine levels of tenfold entity expansion: a gigabyte from a few hundred bytes.
    "billion_laughs": '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
    + _ENVELOPE.format(payload="&lol9;"),
    # External entity that would read a local file.
    "xxe": '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + _ENVELOPE.format(payload="&xxe;"),
}


def _json_default(value):
    if dataclasses.is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return to_json_value(value)


class SimulatorApp:
    """Routes a request to the admin API or to spyne, applying injected faults."""

    def __init__(self, simulator, application):
        self.simulator = simulator
        self.soap = WsgiApplication(application)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path.startswith("/_admin/"):
            return self._admin(environ, start_response, path[len("/_admin/") :])
        if environ["REQUEST_METHOD"] == "POST":
            return self._soap_call(environ, start_response)
        if environ["REQUEST_METHOD"] == "GET" and environ.get("QUERY_STRING", "").lower() == "wsdl":
            address = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST') or environ['SERVER_NAME']}/"
            return self._respond(start_response, "200 OK", [_XML], contract.served_wsdl(address))
        if environ["REQUEST_METHOD"] == "GET" and path == f"/{contract.XSD_FILE}":
            return self._respond(start_response, "200 OK", [_XML], contract.served_xsd())
        return self._respond(start_response, *self._spyne(environ))

    # -- SOAP --------------------------------------------------------------------

    def _soap_call(self, environ, start_response):
        state, faults = self.simulator.state, self.simulator.fault_injector
        operation = environ.get("HTTP_SOAPACTION", "").strip('"') or "unknown"
        with state.lock:
            state.calls[operation] += 1
        settings = faults.settings
        if settings.latency:
            time.sleep(settings.latency)
        fault = faults.draw()
        if fault == fi.TIMEOUT:
            time.sleep(settings.timeout_sleep)
        elif fault == fi.MALFORMED:
            return self._respond(start_response, "200 OK", [_XML], _MALFORMED)
        elif fault == fi.HOSTILE:
            body = _HOSTILE[faults.hostile_variant()].encode()
            return self._respond(start_response, "200 OK", [_XML], body)
        elif fault == fi.SERVER_ERROR:
            body = b"<html><body>503 Service Unavailable</body></html>"
            headers = [("Content-Type", "text/html")]
            return self._respond(start_response, "503 Service Unavailable", headers, body)
        try:
            body = strict_soap.read_body(environ)
            strict_soap.check_request(body, self.simulator.security)
        except strict_soap.SoapRefusal as refusal:
            headers = [_XML]
            if refusal.code == "Client.RequestTooLong":
                headers.append(("Connection", "close"))  # its body was not read
            return self._respond(start_response, refusal.status, headers, refusal.envelope())
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ[FAULT_MARK] = fault
        return self._respond(start_response, *self._spyne(environ))

    def _spyne(self, environ):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        body = b"".join(self.soap(environ, capture))
        body = XML_UNSAFE_MARK.sub(lambda m: b"&#x" + m.group(1) + b";", body)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        return captured["status"], headers, body

    @staticmethod
    def _respond(start_response, status, headers, body):
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    # -- admin -------------------------------------------------------------------

    def _admin(self, environ, start_response, route):
        method = environ["REQUEST_METHOD"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        handler = getattr(self, f"_admin_{method.lower()}_{route.replace('/', '_')}", None)
        if handler is None:
            return self._json(
                start_response, {"error": f"no route {method} {route}"}, "404 Not Found"
            )
        payload = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            payload = json.loads(environ["wsgi.input"].read(length) or b"{}")
        try:
            return self._json(start_response, handler(query, payload))
        except (KeyError, TypeError, ValueError) as error:
            return self._json(start_response, {"error": str(error)}, "400 Bad Request")

    @staticmethod
    def _json(start_response, data, status="200 OK"):
        body = json.dumps(data, default=_json_default, ensure_ascii=False, indent=1).encode()
        start_response(
            status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        )
        return [body]

    def _admin_get_state(self, query, payload):
        state = self.simulator.state
        with state.lock:
            return {
                "counts": {entity: len(state.table(entity)) for entity in ENTITIES},
                "occurrences": len(state.occurrences),
                "calls": dict(state.calls),
                "faults": self.simulator.faults,
            }

    def _admin_get_agents(self, query, payload):
        agents = self.simulator.state.agents
        if "code" in query:
            return [agents[query["code"]]]
        limit = int(query.get("limit", 50))
        return list(agents.values())[:limit]

    def _admin_get_occurrences(self, query, payload):
        state = self.simulator.state
        if query.get("contract"):
            return state.occurrences_for(query["contract"])
        with state.lock:
            return list(state.occurrences)

    def _admin_get_jobs(self, query, payload):
        return self.simulator.state.jobs()

    def _admin_get_calls(self, query, payload):
        return dict(self.simulator.state.calls)

    def _admin_post_faults(self, query, payload):
        return self.simulator.set_faults(**payload)

    def _admin_post_reset(self, query, payload):
        self.simulator.reset()
        return {"reset": True}

    def _admin_post_touch(self, query, payload):
        """``{"entity": "agents", "code": "AGT0000001", "changes": {...}}``."""
        return self.simulator.state.touch(payload["entity"], payload["code"], **payload["changes"])


_XML = ("Content-Type", "text/xml; charset=utf-8")
