# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where the address of a CEP comes from: a small interface in front of the web services
(brazilcep asks ViaCEP, OpenCEP or ApiCEP), so that the cache (``portal.cep.address``)
and the forms do not depend on one service, and tests plug in a fake one.

A provider answers a dict with ``street_type``, ``street``, ``district``, ``city`` and
``uf``, None when the service says the CEP does not exist, and raises
``CepServiceUnavailable`` when the service cannot answer (down, slow, no network): the
form then lets the customer type the address.
"""

import brazilcep

from mega_erp.models import STREET_TYPES

DEFAULT_PROVIDER = "brazilcep"


class CepServiceUnavailable(Exception):
    """The CEP service could not be reached or gave no usable answer."""


def split_street_type(street):
    """``"Avenida Paulista"`` -> ``("Avenida", "Paulista")``: Mega keeps the street type
    (Rua, Avenida, ...) apart; the Correios give it as the first word of the street."""
    first, __, rest = (street or "").strip().partition(" ")
    if first.capitalize() in STREET_TYPES and rest:
        return first.capitalize(), rest.strip()
    return "", (street or "").strip()


def address_values(street, district, city, uf):
    street_type, street = split_street_type(street)
    return {"street_type": street_type, "street": street, "district": district or "",
            "city": city or "", "uf": (uf or "").upper()}  # fmt: skip


class CepProvider:
    """Base of the providers. ``lookup(cep)`` takes 8 digits."""

    name = None

    def __init__(self, timeout=3):
        self.timeout = timeout

    def lookup(self, cep):
        raise NotImplementedError


class BrazilCepProvider(CepProvider):
    """The public CEP services through the brazilcep library."""

    name = "brazilcep"
    webservice = brazilcep.WebService.VIACEP

    def lookup(self, cep):
        try:
            found = brazilcep.get_address_from_cep(cep, webservice=self.webservice, timeout=self.timeout)
        except (brazilcep.exceptions.CEPNotFound, brazilcep.exceptions.InvalidCEP):
            return None
        except (brazilcep.exceptions.BrazilCEPException, OSError, ValueError) as error:
            raise CepServiceUnavailable(str(error)) from error
        return address_values(found.get("street"), found.get("district"), found.get("city"), found.get("uf"))


PROVIDERS = {BrazilCepProvider.name: BrazilCepProvider}


def register_provider(provider_class):
    """Make a provider selectable by its ``name`` (system parameter
    ``portal_operations.cep_provider``); returns the class, to serve as a decorator."""
    PROVIDERS[provider_class.name] = provider_class
    return provider_class


def get_provider(name, timeout):
    return PROVIDERS.get(name or DEFAULT_PROVIDER, BrazilCepProvider)(timeout=timeout)
