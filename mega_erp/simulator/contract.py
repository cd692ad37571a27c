# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repository's WSDL + XSD (the contract, which the simulator serves as they are)
and their comparison with the interface spyne derives from the service.

``mega.xsd`` is written by hand: it declares what spyne cannot (lengths, patterns,
required elements). The test suite checks that the spyne service still implements the
same operations, messages, faults, types and enumerations
(``summary(published_wsdl(...))``).
"""

from pathlib import Path

from lxml import etree

WSDL_DIR = Path(__file__).resolve().parent.parent / "wsdl"
WSDL_FILE = "mega.wsdl"
XSD_FILE = "mega.xsd"
DEFAULT_ADDRESS = "http://127.0.0.1:8799/"
_XS = "http://www.w3.org/2001/XMLSchema"
_WSDL = "http://schemas.xmlsoap.org/wsdl/"
_SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/"
def published_wsdl(application, address=DEFAULT_ADDRESS):
    """The WSDL (with inline schema) that spyne serves at ``?wsdl``."""
    from spyne.interface.wsdl import Wsdl11

    application.transport = "http://schemas.xmlsoap.org/soap/http"  # as WsgiApplication sets
    interface = Wsdl11(application.interface)
    interface.build_interface_document(address)
    return interface.get_interface_document()


def served_wsdl(address):
    """The repository's WSDL with ``address`` as the service's location (its schema is
    imported from ``mega.xsd`` beside it)."""
    root = etree.fromstring((WSDL_DIR / WSDL_FILE).read_bytes())
    for element in root.iter(f"{{{_SOAP_BINDING}}}address"):
        element.set("location", address)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def served_xsd():
    return (WSDL_DIR / XSD_FILE).read_bytes()


def write(directory):
    """Copy the contract (WSDL and XSD) into ``directory``, e.g. for an integrator."""
    for name in (WSDL_FILE, XSD_FILE):
        Path(directory, name).write_bytes((WSDL_DIR / name).read_bytes())


def summary(wsdl_root, schema_roots):
    """What two WSDLs must agree on: operations (with messages and faults), types and
    their elements, and enumerations. The other facets (lengths, patterns, required
    elements) are the repository's XSD alone: an element's type is compared by the
    enumeration or built-in type it restricts."""
    ns = {"wsdl": _WSDL, "xs": _XS}
    operations = {
        op.get("name"): (
            op.find("wsdl:input", ns).get("message"),
            op.find("wsdl:output", ns).get("message"),
            sorted(f.get("name") for f in op.findall("wsdl:fault", ns)),
        )
        for op in wsdl_root.iterfind("wsdl:portType/wsdl:operation", ns)
    }
    simple_types = {
        simple_type.get("name"): simple_type
        for schema in schema_roots
        for simple_type in schema.iterfind("xs:simpleType", ns)
    }

    def enumerations(simple_type):
        return [e.get("value") for e in simple_type.iterfind(".//xs:enumeration", ns)]

    def compared_type(type_name, inline=None):
        """``tns:Code`` (a restricted string) -> ``xs:string``; an enumeration stays."""
        simple_type = inline if inline is not None else simple_types.get((type_name or "").partition(":")[2])
        if simple_type is None or enumerations(simple_type):
            return type_name
        union = simple_type.find("xs:union", ns)
        if union is not None:  # an enumeration or the empty string: the enumeration
            members = [compared_type(m) for m in union.get("memberTypes").split()]
            return next((m for m in members if not m.startswith("xs:")), members[0])
        return compared_type(simple_type.find("xs:restriction", ns).get("base"))

    types = {}
    for schema in schema_roots:
        for complex_type in schema.iterfind("xs:complexType", ns):
            types[complex_type.get("name")] = [
                (e.get("name"), compared_type(e.get("type"), e.find("xs:simpleType", ns)), e.get("maxOccurs"))
                for e in complex_type.iterfind(".//xs:element", ns)
            ]
        for name, simple_type in simple_types.items():
            if enumerations(simple_type):
                types[name] = enumerations(simple_type)
        for element in schema.iterfind("xs:element", ns):
            types[f"element {element.get('name')}"] = element.get("type")
    return {"operations": operations, "types": types}


def inline_schemas(wsdl_root):
    return wsdl_root.findall(f"{{{_WSDL}}}types/{{{_XS}}}schema")
