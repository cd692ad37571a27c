# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain records exchanged with Mega ERP, whatever the transport.

These dataclasses are the single description of the contract's types: the simulator
builds its SOAP schema from them (field order, Python type, allowed values) and the
client fills them from responses. Attribute names are the snake_case form of the
camelCase XML names (``changed_at`` <-> ``changedAt``).
"""

import dataclasses
import functools
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

DEVELOPMENT_KINDS = ("development", "third_party_asset")
CONTRACT_STATUSES = ("active", "defaulting", "paid_off", "cancelled", "transferred", "assigned")
PERSON_TYPES = ("F", "J")
MARITAL_STATUSES = ("single", "married", "divorced", "widowed", "separated", "stable_union")
MARRIAGE_REGIMES = (
    "partial_community",
    "universal_community",
    "total_separation",
    "final_participation",
)
STREET_TYPES = (
    "Rua",
    "Avenida",
    "Alameda",
    "Travessa",
    "Rodovia",
    "Estrada",
    "Praça",
    "Largo",
    "Viela",
    "Servidão",
)
JOB_STATES = ("running", "queued", "done")
# Column sizes of Mega's agent table, and the attributes an agent must have: the ERP
# refuses anything else, so the portal checks the same before sending.
AGENT_MAX_LENGTHS = {
    "name": 120,
    "rg": 20,
    "rg_issuer": 10,
    "spouse_name": 120,
    "profession": 60,
    "nationality": 40,
    "email": 100,
    "other_emails": 255,
    "phone": 20,
    "mobile": 20,
    "street": 100,
    "number": 10,
    "complement": 60,
    "district": 60,
    "city": 60,
}
AGENT_REQUIRED = ("person_type", "name", "cpf_cnpj", "zip", "street", "city", "state")
# The kind of number each phone attribute takes (``brazil.is_valid_phone``): the landline
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
