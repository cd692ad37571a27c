# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unicodedata

from odoo import api, models

import brazil_rules as brazil


def city_key(name):
    """A city's name as it is compared: "SAO PAULO", "São Paulo" and "sao paulo" agree."""
    decomposed = unicodedata.normalize("NFKD", (name or "").strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class ResCity(models.Model):
    """The cities of ``base_address_extended`` a customer's city is matched to, in the
    countries that have them (``l10n_br`` gives Brazil its 5,570 municipalities, with
    their CEP ranges): the partner keeps the city's name in ``city`` and the city in
    ``city_id``, as Odoo's own Brazilian forms expect."""

    _inherit = "res.city"

    @api.model
    def _portal_operations_index(self, country):
        """{(state id, city key): city id} of ``country``'s cities, read at once (a pull
        matches a page of customers); a name two cities of a state share maps to False."""
        index = {}
        if not country:
            return index
        for city in self.sudo().search_fetch([("country_id", "=", country.id)], ["name", "state_id"]):
            key = (city.state_id.id, city_key(city.name))
            index[key] = False if key in index else city.id
        return index

    @api.model
    def _portal_operations_match(self, name, state):
        """The city called ``name`` (case and accents aside) in ``state``, or an empty
        recordset (a country without cities, an unknown or ambiguous name)."""
        if not name or not state:
            return self.browse()
        key = city_key(name)
        cities = self.sudo().search_fetch([("state_id", "=", state.id)], ["name"])
        found = cities.filtered(lambda city: city_key(city.name) == key)
        return found if len(found) == 1 else self.browse()

    @api.model
    def _portal_operations_from_cep(self, cep):
        """The city a CEP belongs to by ``l10n_br``'s CEP ranges, or an empty recordset
        (no l10n_br, or a CEP outside its ranges)."""
        if "l10n_br.zip.range" not in self.env or not brazil.is_valid_cep_text(cep):
            return self.browse()
        zip_code = brazil.format_cep(cep)
        zip_range = self.env["l10n_br.zip.range"].sudo().search(
            [("start", "<=", zip_code), ("end", ">=", zip_code)], limit=1,
        )
        return zip_range.city_id

    @api.model
    def _portal_operations_cep_uf(self, cep):
        """The UF a CEP belongs to: by ``l10n_br``'s ranges of each city where it is
        installed, else by the Correios' ranges of each UF the addon ships."""
        city = self._portal_operations_from_cep(cep)
        return city.state_id.code if city.state_id else brazil.cep_uf(cep)
