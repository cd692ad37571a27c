# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain records exchanged with Mega ERP, whatever the transport.

These dataclasses are the contract's types in Python (field order, Python type, allowed
values): the simulator's spyne service is built from them and the client fills them
from responses. Their limits (enumerations, lengths, required fields) are read from
``mega.xsd``, the contract's one source of truth (``xsd_rules``). Attribute names are the snake_case form of the
camelCase XML names (``changed_at`` <-> ``changedAt``).
"""

import dataclasses
import functools
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from . import xsd_rules

# The enumerations, lengths and required fields are the schema's (``mega.xsd``).
DEVELOPMENT_KINDS = xsd_rules.enumeration("DevelopmentKind")
CONTRACT_STATUSES = xsd_rules.enumeration("ContractStatus")
PERSON_TYPES = xsd_rules.enumeration("AgentPersonType")
MARITAL_STATUSES = xsd_rules.enumeration("AgentMaritalStatus")
MARRIAGE_REGIMES = xsd_rules.enumeration("AgentMarriageRegime")
STREET_TYPES = xsd_rules.enumeration("AgentStreetType")
JOB_STATES = xsd_rules.enumeration("JobState")


def snake_case(xml_name):
    """``changedAt`` -> ``changed_at``: the record attribute of an XML name."""
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in xml_name)


# Column sizes of Mega's agent table, and the attributes an agent must have (those an
# UpdateAgent cannot clear): the ERP refuses anything else, so the portal checks the
# same before sending.
_AGENT_CHANGE = {
    snake_case(name): element
    for name, element in xsd_rules.TYPES["AgentChange"].items()
    if name not in ("code", "changedAt")
}
AGENT_MAX_LENGTHS = {
    attribute: element.rule.max_length
    for attribute, element in _AGENT_CHANGE.items()
    if element.rule is not None and element.rule.max_length
}
AGENT_REQUIRED = tuple(
    attribute
    for attribute, element in _AGENT_CHANGE.items()
    if not element.clearable and element.rule is not None and element.rule.base == "string"
)
# The kind of number each phone attribute takes (``brazil_rules.is_valid_phone``): the landline
# field either kind (many customers have only a mobile), the mobile field mobiles only.
AGENT_PHONE_KINDS = {"phone": None, "mobile": "mobile"}

_record = dataclass(frozen=True, slots=True, kw_only=True)


@_record
class ServerInfo:
    name: str | None = None
    version: str | None = None
    server_time: datetime | None = None


@_record
class Development:
    code: str | None = None
    name: str | None = None
    kind: str | None = dataclasses.field(default=None, metadata={"values": DEVELOPMENT_KINDS})
    city: str | None = None
    state: str | None = None
    visible_on_portal: bool | None = None
    active: bool | None = None
    changed_at: datetime | None = None


@_record
class Block:
    code: str | None = None
    name: str | None = None
    development_code: str | None = None
    visible_on_portal: bool | None = None
    changed_at: datetime | None = None


@_record
class Lot:
    code: str | None = None
    name: str | None = None
    block_code: str | None = None
    development_code: str | None = None
    area: Decimal | None = None
    changed_at: datetime | None = None


@_record
class Contract:
    code: str | None = None
    agent_code: str | None = None
    development_code: str | None = None
    block_code: str | None = None
    lot_code: str | None = None
    status: str | None = dataclasses.field(default=None, metadata={"values": CONTRACT_STATUSES})
    signature_date: date | None = None
    visible_on_portal: bool | None = None
    changed_at: datetime | None = None


@_record
class Agent:
    code: str | None = None
    person_type: str | None = dataclasses.field(default=None, metadata={"values": PERSON_TYPES})
    name: str | None = None
    cpf_cnpj: str | None = None
    rg: str | None = None
    rg_issuer: str | None = None
    birth_date: date | None = None
    marital_status: str | None = dataclasses.field(
        default=None, metadata={"values": MARITAL_STATUSES}
    )
    marriage_regime: str | None = dataclasses.field(
        default=None, metadata={"values": MARRIAGE_REGIMES}
    )
    spouse_name: str | None = None
    spouse_cpf: str | None = None
    profession: str | None = None
    nationality: str | None = None
    email: str | None = None
    other_emails: str | None = None
    phone: str | None = None
    mobile: str | None = None
    zip: str | None = None
    street_type: str | None = None
    street: str | None = None
    number: str | None = None
    complement: str | None = None
    district: str | None = None
    city: str | None = None
    state: str | None = None
    changed_at: datetime | None = None


@_record
class Occurrence:
    number: str | None = None
    contract_code: str | None = None
    occurrence_type: str | None = None
    description: str | None = None
    occurred_at: datetime | None = None
    idempotency_key: str | None = None


@_record
class Job:
    name: str | None = None
    state: str | None = dataclasses.field(default=None, metadata={"values": JOB_STATES})
    started_at: datetime | None = None
    progress: int | None = None


@_record
class UpdateResult:
    code: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a paged list: ``items`` plus where we are (pages count from 1)."""

    items: list
    page: int
    total_pages: int


# Entities returned by the paged List* operations, by their plural name.
LISTED_ENTITIES = {
    "developments": Development,
    "blocks": Block,
    "lots": Lot,
    "contracts": Contract,
    "agents": Agent,
}


def camel_case(name):
    """``changed_at`` -> ``changedAt``: the XML name of a record attribute."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def xml_field_names(record_class):
    """(attribute, XML element) pairs of a record class, in contract order."""
    return [(f.name, camel_case(f.name)) for f in dataclasses.fields(record_class)]


@functools.cache
def field_types(record_class):
    """{attribute: Python type} of a record class, ``Optional`` removed."""
    hints = typing.get_type_hints(record_class)
    return {
        f.name: next(t for t in typing.get_args(hints[f.name]) if t is not type(None))
        for f in dataclasses.fields(record_class)
    }
