# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SOAP types of the contract, built from ``mega_erp.models``.

Each spyne complex type mirrors one dataclass: same fields in the same order, XML
names in camelCase (``sub_name``), Python attributes in snake_case, so the service can
return the dataclasses as they are.
"""

import dataclasses
from datetime import date, datetime
from decimal import Decimal as PyDecimal

from spyne import Boolean, ComplexModel, Date, DateTime, Decimal, Integer, Unicode

from mega_erp import models

NAMESPACE = "urn:mega-erp:portal:v1"

_SPYNE_TYPES = {
    str: Unicode,
    bool: Boolean,
    int: Integer,
    datetime: DateTime,
    date: Date,
    PyDecimal: Decimal,
}


_ENUMERATIONS = {}  # type name -> its spyne type: Agent and AgentChange share theirs


def _spyne_type(record_class, field, python_type, extra_values):
    camel = models.camel_case(field.name)
    values = field.metadata.get("values") or extra_values.get(field.name)
    if values:
        # A named enumeration, e.g. ContractStatus, AgentPersonType.
        type_name = record_class.__name__ + camel[0].upper() + camel[1:]
        if type_name not in _ENUMERATIONS:
            _ENUMERATIONS[type_name] = Unicode(
                values=list(values), sub_name=camel, type_name=type_name, __namespace__=NAMESPACE
            )
        return _ENUMERATIONS[type_name]
    return _SPYNE_TYPES[python_type](sub_name=camel)


def _complex_model(record_class, type_name=None, extra_values=None):
    types = models.field_types(record_class)
    type_info = {
        f.name: _spyne_type(record_class, f, types[f.name], extra_values or {})
        for f in dataclasses.fields(record_class)
    }
    return ComplexModel.produce(NAMESPACE, type_name or record_class.__name__, type_info)


ServerInfo = _complex_model(models.ServerInfo)
Development = _complex_model(models.Development)
Block = _complex_model(models.Block)
Lot = _complex_model(models.Lot)
Contract = _complex_model(models.Contract)
Agent = _complex_model(models.Agent)
# What UpdateAgent takes: an agent's fields, declared strictly in mega.xsd (the service
# is handed requests the schema has validated already).
AgentChange = _complex_model(
    models.Agent, "AgentChange", extra_values={"street_type": models.STREET_TYPES}
)
Occurrence = _complex_model(models.Occurrence)
Job = _complex_model(models.Job)
