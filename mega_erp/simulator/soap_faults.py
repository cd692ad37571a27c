# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SOAP faults of the contract.

Each fault carries, in ``<detail>``, one element named after it (in the contract's
namespace) with its fields, which is how clients tell them apart.
"""

from lxml import etree
from spyne import Fault, Unicode

from .schema import NAMESPACE


def _fault_class(type_name, fault_code, fields, doc):
    """A spyne fault whose detail element holds ``fields`` (all strings)."""

    def __init__(self, message, **values):  # noqa: N807
        detail = etree.Element(f"{{{NAMESPACE}}}{type_name}", nsmap={"tns": NAMESPACE})
        for name in fields:
            value = message if name == "message" else values[name]
            etree.SubElement(detail, f"{{{NAMESPACE}}}{name}").text = value
        Fault.__init__(self, f"{fault_code}.{type_name}", message, detail=detail)

    return type(
        type_name,
        (Fault,),
        {
            "__doc__": doc,
            "__namespace__": NAMESPACE,
            "__type_name__": type_name,
            "_type_info": [(name, Unicode) for name in fields],
            "__init__": __init__,
        },
    )


AuthenticationFault = _fault_class(
    "AuthenticationFault", "Client", ("message",), "Credentials refused."
)
ValidationFault = _fault_class(
    "ValidationFault", "Client", ("field", "message"), "Data refused; ``field`` is the XML name."
)
NotFoundFault = _fault_class("NotFoundFault", "Client", ("message",), "No such record.")
RetryableFault = _fault_class(
    "RetryableFault", "Server", ("message",), "The ERP is busy: try again later."
)
ALL_FAULTS = [AuthenticationFault, ValidationFault, NotFoundFault, RetryableFault]
