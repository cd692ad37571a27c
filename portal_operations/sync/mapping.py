# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mega ERP records <-> Odoo values, as plain functions (no ORM).

Relational values (a development, a block, a state) are resolved by the caller, which
passes lookups by code; everything else is converted here, in both directions, from
one table per record type.
"""

import brazil_rules as brazil
from mega_erp.models import Agent

# res.partner field -> Agent attribute. The address state (UF) goes by its code. The
# street is base_address_extended's: name, number and complement (Odoo makes ``street``
# of them); the city's name travels, the caller matches it to a ``res.city``.
AGENT_FIELDS = {
    "person_type": "person_type",
    "name": "name",
    "vat": "cpf_cnpj",
    "rg": "rg",
    "rg_issuer": "rg_issuer",
    "birth_date": "birth_date",
    "marital_status": "marital_status",
    "marriage_regime": "marriage_regime",
    "spouse_name": "spouse_name",
    "spouse_cpf": "spouse_cpf",
    "profession": "profession",
    "nationality": "nationality",
    "email": "email",
    "other_emails": "other_emails",
    "phone": "phone",
    "mobile": "mobile",
    "zip": "zip",
    "street_type": "street_type",
    "street_name": "street",
    "street_number": "number",
    "street_number2": "complement",
    "district": "district",
    "city": "city",
    "state_id": "state",
}
PARTNER_FIELD_BY_AGENT_ATTRIBUTE = {attr: field for field, attr in AGENT_FIELDS.items()}

# How a text value travels: Odoo keeps phones and CEPs formatted, Mega digits only.
_TO_ODOO = {
    "zip": brazil.format_cep,
    "phone": brazil.format_phone,
    "mobile": brazil.format_phone,
}
_TO_MEGA = {
    "vat": brazil.only_digits,
    "spouse_cpf": brazil.only_digits,
    "zip": brazil.only_digits,
    "phone": brazil.only_digits,
    "mobile": brazil.only_digits,
}


def partner_values(agent, state_id_by_code):
    """``res.partner`` values of an ERP agent. ``state_id_by_code``: UF -> state id."""
    values = {"mega_agent_code": agent.code, "is_company": agent.person_type == "J"}
    for field, attribute in AGENT_FIELDS.items():
        value = getattr(agent, attribute)
        if field == "state_id":
            value = state_id_by_code.get(value) if value else False
        elif value is not None and field in _TO_ODOO:
            value = _TO_ODOO[field](value)
        values[field] = value if value not in (None, "") else False
    return values


def agent_changes(code, texts, state_code_by_id):
    """An ``Agent`` carrying only the changed fields (``texts``: partner field -> the
    text a change request keeps), for a partial ``UpdateAgent``. A cleared value is
    sent as an empty string, which clears it in the ERP."""
    changes = {}
    for field, text in texts.items():
        attribute = AGENT_FIELDS[field]
        if field == "state_id":
            value = state_code_by_id.get(int(text), "") if text else ""
        elif field == "birth_date":
            value = text or None
        else:
            value = _TO_MEGA.get(field, str)(text or "")
        changes[attribute] = value
    return Agent(code=code, **changes)


def development_values(development):
    return {
        "code": development.code,
        "name": development.name,
        "kind": development.kind or "development",
        "city": development.city or False,
        "state_code": development.state or False,
        "visible_on_portal": bool(development.visible_on_portal),
        "active": development.active is not False,
    }


def block_values(block, development_id):
    return {
        "code": block.code,
        "name": block.name,
        "development_id": development_id,
        "visible_on_portal": bool(block.visible_on_portal),
    }


def lot_values(lot, block_id):
    return {
        "code": lot.code,
        "name": lot.name,
        "block_id": block_id,
        "area": float(lot.area or 0.0),
    }


def contract_values(contract, partner_id, development_id, block_id, lot_id):
    return {
        "code": contract.code,
        "partner_id": partner_id,
        "development_id": development_id,
        "block_id": block_id or False,
        "lot_id": lot_id or False,
        "status": contract.status or "active",
        "signature_date": contract.signature_date or False,
        "visible_on_portal": bool(contract.visible_on_portal),
    }
