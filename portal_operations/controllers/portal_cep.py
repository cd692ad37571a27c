# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.http import Controller, request, route

import brazil_rules as brazil


class CepPortal(Controller):
    """The address of a CEP for the portal's personal-data form (see
    ``portal.cep.address``): an empty answer lets the customer type it."""

    @route("/my/personal-data/cep", type="jsonrpc", auth="user", methods=["POST"])
    def portal_cep_address(self, cep=None, **kw):
        if cep is not None and not isinstance(cep, str):
            raise UserError(request.env._("Send the CEP as text, e.g. 13010-100."))
        Cache = request.env["portal.cep.address"]
        values = Cache._lookup(cep or "")
        return {**values, "cep_status": self._cep_status(cep or "", values)}

    def _cep_status(self, cep, values):
        """What the form tells the customer: ``found``; ``unknown`` (the service knows no
        such CEP, or it is of no UF); ``unavailable`` (the service could not be asked:
        ``_lookup`` keeps only the CEPs it had an answer for)."""
        if values:
            return "found"
        if not brazil.is_valid_cep_text(cep):
            return "unknown"
        answered = request.env["portal.cep.address"].sudo().search_count(
            [("cep", "=", brazil.only_digits(cep))], limit=1,
        )
        return "unknown" if answered else "unavailable"
