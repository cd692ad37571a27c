# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mega's rules for an agente, applied by ``UpdateAgent`` before anything is saved.

Errors name the field by its XML name, as the real ERP does in its ValidationFault.
"""

from datetime import date

import brazil_rules as brazil
from mega_erp import models

from .errors import InvalidData

MAX_LENGTHS = models.AGENT_MAX_LENGTHS
REQUIRED = models.AGENT_REQUIRED
CHOICES = {
    "person_type": models.PERSON_TYPES,
    "marital_status": models.MARITAL_STATUSES,
    "marriage_regime": models.MARRIAGE_REGIMES,
    "street_type": models.STREET_TYPES,
}
_PHONE_MESSAGES = {
    None: "Telefone inválido (DDD existente + número, somente dígitos).",
    "mobile": "Celular inválido (DDD existente + 9 dígitos começando por 9, somente dígitos).",
}


def _error(attribute, message):
    return InvalidData(models.camel_case(attribute), message)


def validate_agent(agent):
    """Raise ``InvalidData`` for the first rule the (merged) agent breaks."""
    for attribute in REQUIRED:
        if not getattr(agent, attribute):
            raise _error(attribute, "Campo obrigatório.")
    for attribute, size in MAX_LENGTHS.items():
        value = getattr(agent, attribute)
        if value and len(value) > size:
            raise _error(attribute, f"Tamanho máximo de {size} caracteres excedido.")
    for attribute, choices in CHOICES.items():
        value = getattr(agent, attribute)
        if value and value not in choices:
            raise _error(attribute, f"Valor inválido: {value!r}.")
    if not brazil.is_valid_cpf_cnpj(agent.cpf_cnpj, agent.person_type) or not (
        agent.cpf_cnpj.isdigit()
    ):
        kind = "CPF" if agent.person_type == "F" else "CNPJ"
        raise _error("cpf_cnpj", f"{kind} inválido (somente dígitos, com dígitos verificadores).")
    if agent.spouse_cpf and not (
        agent.spouse_cpf.isdigit() and brazil.is_valid_cpf(agent.spouse_cpf)
    ):
        raise _error("spouse_cpf", "CPF do cônjuge inválido.")
    if agent.marriage_regime and agent.marital_status not in ("married", None):
        raise _error("marriage_regime", "Regime de casamento só se aplica a casados.")
    if agent.email and not brazil.is_valid_email(agent.email):
        raise _error("email", "E-mail inválido.")
    wrong_emails = brazil.invalid_emails(agent.other_emails)
    if wrong_emails:
        raise _error("other_emails", f"E-mail inválido: {wrong_emails[0]}.")
    for attribute, kind in models.AGENT_PHONE_KINDS.items():
        value = getattr(agent, attribute)
        if value and not (value.isdigit() and brazil.is_valid_phone(value, kind)):
            raise _error(attribute, _PHONE_MESSAGES[kind])
    if not brazil.is_valid_cep(agent.zip):
        raise _error("zip", "CEP inválido (8 dígitos, de uma faixa dos Correios).")
    if not brazil.is_valid_uf(agent.state):
        raise _error("state", "UF inválida.")
    conflict = brazil.cep_uf_conflict(agent.zip, agent.state)
    if conflict:
        raise _error("zip", f"O CEP {brazil.format_cep(agent.zip)} é de {conflict}, não de {agent.state}.")
    if agent.birth_date and agent.birth_date > date.today():
        raise _error("birth_date", "Data de nascimento no futuro.")
