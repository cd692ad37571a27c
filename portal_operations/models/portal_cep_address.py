# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import api, fields, models

import brazil_rules as brazil

from ..tools.cep_provider import CepServiceUnavailable, get_provider

_logger = logging.getLogger(__name__)

PROVIDER_PARAM = "portal_operations.cep_provider"
CACHE_DAYS_PARAM = "portal_operations.cep_cache_days"
TIMEOUT_PARAM = "portal_operations.cep_timeout"
DEFAULT_CACHE_DAYS = 30
DEFAULT_TIMEOUT = 3
ADDRESS_FIELDS = ("street_type", "street", "district", "city")


class PortalCepAddress(models.Model):
    """The address of a CEP as the CEP service gave it, kept so that a CEP asked once is
    not asked again for ``portal_operations.cep_cache_days`` days: typing a CEP on the
    portal or the partner form fills street type, street, district, city and UF.

    Company: none, a CEP's address is the same for every company; the cache is filled
    by the lookups (sudo), read by administrators and changed only by Odoo's system
    administrators.
    """

    _name = "portal.cep.address"
    _description = "CEP Address (cache)"
    _order = "cep"
    _rec_name = "cep"

    cep = fields.Char(string="CEP", required=True, help="8 digits.")
    found = fields.Boolean(help="Unset when the service said that this CEP does not exist.")
    street_type = fields.Char()
    street = fields.Char()
    district = fields.Char()
    city = fields.Char()
    uf = fields.Char(string="UF")
    fetched_at = fields.Datetime(required=True, default=fields.Datetime.now)

    _cep_uniq = models.Constraint("UNIQUE(cep)", "Each CEP is kept once.")

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _lookup(self, cep):
        """The address of ``cep`` (as typed) as partner values (``street_type``,
        ``street_name``, ``district``, ``city``, ``city_id``, ``state_id``,
        ``country_id``), from the cache
        while it is fresh, else from the CEP service. Empty when the CEP is invalid or
        unknown, or when the service cannot be reached: the address is then typed by
        hand, so this never raises."""
        if not isinstance(cep, str) or not brazil.is_valid_cep_text(cep):
            return {}
        digits = brazil.only_digits(cep)
        cached = self.sudo().search([("cep", "=", digits)], limit=1)
        if cached and cached.fetched_at >= fields.Datetime.now() - timedelta(days=self._cache_days()):
            return cached._partner_values()
        params = self.env["ir.config_parameter"].sudo()
        provider = get_provider(
            params.get_param(PROVIDER_PARAM),
            timeout=max(1, int(params.get_param(TIMEOUT_PARAM) or DEFAULT_TIMEOUT)),
        )
        try:
            address = provider.lookup(digits)
        except CepServiceUnavailable as error:
            _logger.info("CEP %s: the CEP service did not answer (%s); the address is typed by hand.", digits, error)
            return cached._partner_values() if cached else {}
        return self._store(digits, address, cached)._partner_values()

    @api.model
    def _cache_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param(CACHE_DAYS_PARAM) or DEFAULT_CACHE_DAYS)

    @api.model
    def _store(self, digits, address, cached):
        values = {
            "cep": digits, "found": bool(address), "fetched_at": fields.Datetime.now(),
            **{name: (address or {}).get(name) or False for name in (*ADDRESS_FIELDS, "uf")},
        }
        if cached:
            cached.write(values)
            return cached
        try:
            with self.env.cr.savepoint():
                return self.sudo().create(values)
        except IntegrityError:  # another request stored it meanwhile
            return self.sudo().search([("cep", "=", digits)], limit=1)

    def _partner_values(self):
        """As ``res.partner`` values: the street's name is ``street_name`` (Odoo makes
        ``street`` of it and the number), the city is also a ``res.city`` where Brazil has
        cities (l10n_br: the city of the CEP's range, else the one of that name)."""
        self.ensure_one()
        if not self.found:
            return {}
        state = self.env["res.country.state"].sudo().search(
            [("country_id.code", "=", "BR"), ("code", "=", self.uf)], limit=1,
        )
        City = self.env["res.city"]
        city = City._portal_operations_from_cep(self.cep) or City._portal_operations_match(self.city, state)
        return {
            "street_type": self.street_type or "", "street_name": self.street or "",
            "district": self.district or "", "city": self.city or "", "city_id": city.id or False,
            "zip": brazil.format_cep(self.cep), "state_id": state.id or False,
            "country_id": state.country_id.id or False,
        }
