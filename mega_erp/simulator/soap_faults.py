# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SOAP faults of the contract.

Each fault carries, in ``<detail>``, one element named after it (in the contract's
namespace), which is how clients tell them apart.
"""

from lxml import etree
from spyne import Fault, Unicode

from .schema import NAMESPACE


def _detail(type_name, **values):
    element = etree.Element(f"{{{NAMESPACE}}}{type_name}", nsmap={"tns": NAMESPACE})
    for name, value in values.items():
        etree.SubElement(element, f"{{{NAMESPACE}}}{name}").text = value
    return element


class _MegaFault(Fault):
    __namespace__ = NAMESPACE
    _type_info = [("message", Unicode)]
    FAULT_CODE = "Server"

    def __init__(self, message):
        type_name = self.get_type_name()
        super().__init__(
            f"{self.FAULT_CODE}.{type_name}", message, detail=_detail(type_name, message=message)
        )


class AuthenticationFault(_MegaFault):
    __type_name__ = "AuthenticationFault"
    FAULT_CODE = "Client"


class NotFoundFault(_MegaFault):
    __type_name__ = "NotFoundFault"
    FAULT_CODE = "Client"


class RetryableFault(_MegaFault):
    """The ERP is busy (locked tables, maintenance window): try again later."""

    __type_name__ = "RetryableFault"


class ValidationFault(Fault):
    __namespace__ = NAMESPACE
    __type_name__ = "ValidationFault"
    _type_info = [("field", Unicode), ("message", Unicode)]

    def __init__(self, field, message):
        super().__init__(
            "Client.ValidationFault",
            message,
            detail=_detail("ValidationFault", field=field, message=message),
        )


ALL_FAULTS = [AuthenticationFault, ValidationFault, NotFoundFault, RetryableFault]
