# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A CEP service that never leaves the machine, for the tests and the tours."""

from contextlib import contextmanager

from odoo.addons.portal_operations.models.portal_cep_address import PROVIDER_PARAM
from odoo.addons.portal_operations.tools.cep_provider import (
    PROVIDERS,
    CepProvider,
    CepServiceUnavailable,
    address_values,
)

FAKE_ADDRESSES = {
    "01310100": ("Avenida Paulista", "Bela Vista", "São Paulo", "SP"),
    "13087000": ("Rua Doutor Ricardo Benetton Martins", "Parque II do Polo de Alta Tecnologia", "Campinas", "SP"),
    "20040002": ("Avenida Rio Branco", "Centro", "Rio de Janeiro", "RJ"),
}


class FakeCepProvider(CepProvider):
    """Answers from ``FAKE_ADDRESSES``; CEPs in ``unreachable`` behave as a service that
    is down. Every question is recorded in ``calls``."""

    name = "fake"
    calls = []
    unreachable = set()

    def lookup(self, cep):
        self.calls.append(cep)
        if cep in self.unreachable:
            raise CepServiceUnavailable("the fake CEP service is down")
        found = FAKE_ADDRESSES.get(cep)
        return address_values(*found) if found else None


@contextmanager
def fake_cep_service(env, unreachable=()):
    """Route every CEP question of ``env``'s database to ``FakeCepProvider`` (the tours'
    HTTP requests included, they run in this process); yields the list of questions."""
    FakeCepProvider.calls = []
    FakeCepProvider.unreachable = set(unreachable)
    PROVIDERS[FakeCepProvider.name] = FakeCepProvider
    env["ir.config_parameter"].sudo().set_param(PROVIDER_PARAM, FakeCepProvider.name)
    try:
        yield FakeCepProvider.calls
    finally:
        PROVIDERS.pop(FakeCepProvider.name, None)
