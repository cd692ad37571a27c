# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.http import Controller, request, route


class CepPortal(Controller):
    """The address of a CEP for the portal's personal-data form (see
    ``portal.cep.address``): an empty answer lets the customer type it."""

    @route("/my/personal-data/cep", type="jsonrpc", auth="user", methods=["POST"])
    def portal_cep_address(self, cep=None, **kw):
        if cep is not None and not isinstance(cep, str):
            raise UserError(request.env._("Send the CEP as text, e.g. 13010-100."))
        return request.env["portal.cep.address"]._lookup(cep or "")
