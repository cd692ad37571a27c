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


def _spyne_type(record_class, field, python_type):
    camel = models.camel_case(field.name)
    values = field.metadata.get("values")
    if values:
        # A named enumeration, e.g. ContractStatus, AgentPersonType.
        return Unicode(
            values=list(values),
            sub_name=camel,
            type_name=record_class.__name__ + camel[0].upper() + camel[1:],
            __namespace__=NAMESPACE,
        )
    return _SPYNE_TYPES[python_type](sub_name=camel)


def _complex_model(record_class):
    types = models.field_types(record_class)
    type_info = {
        f.name: _spyne_type(record_class, f, types[f.name])
        for f in dataclasses.fields(record_class)
    }
    return ComplexModel.produce(NAMESPACE, record_class.__name__, type_info)


ServerInfo = _complex_model(models.ServerInfo)
Development = _complex_model(models.Development)
Block = _complex_model(models.Block)
Lot = _complex_model(models.Lot)
Contract = _complex_model(models.Contract)
Agent = _complex_model(models.Agent)
Occurrence = _complex_model(models.Occurrence)
Job = _complex_model(models.Job)
