# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_list import prepare_list_values


class RealestatePortal(CustomerPortal):
    """The customer's own sale contracts under /my/contracts."""

    def _portal_contracts_enabled(self):
        return request.env.company.portal_show_contracts

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            Contract = request.env["realestate.contract"]
            values["contract_count"] = (
                Contract.search_count(self._get_contracts_domain())
                if self._portal_contracts_enabled() and Contract.has_access("read")
                else 0
            )
        return values

    def _get_contracts_domain(self):
        return request.env["realestate.contract"]._get_portal_domain(request.env.user.partner_id)

    def _prepare_my_contracts_values(self, page=1, sortby=None):
        sortings = {
            "date": {"label": request.env._("Signature date"), "order": "signature_date desc, id desc"},
            "code": {"label": request.env._("Contract"), "order": "code"},
            "status": {"label": request.env._("Status"), "order": "status, code"},
        }
        return prepare_list_values(
            self, "realestate.contract", self._get_contracts_domain(), "/my/contracts",
            "contracts", "contracts", page=page, sortby=sortby, sortings=sortings,
        )

    @route(["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user",
           website=True, methods=["GET"], readonly=True)
    def portal_my_contracts(self, page=1, sortby=None, **kw):
        if not self._portal_contracts_enabled():
            return request.redirect("/my")
        return request.render(
            "portal_operations.portal_my_contracts", self._prepare_my_contracts_values(page, sortby),
        )

    @route("/my/contracts/<int:contract_id>", type="http", auth="user", website=True,
           methods=["GET"], readonly=True)
    def portal_my_contract(self, contract_id, access_token=None, **kw):
        if not self._portal_contracts_enabled():
            return request.redirect("/my")
        try:
            contract_sudo = self._document_check_access(
                "realestate.contract", contract_id, access_token,
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        values = self._get_page_view_values(
            contract_sudo, access_token, {"contract": contract_sudo, "page_name": "contract"},
            "my_contracts_history", False, **kw,
        )
        return request.render("portal_operations.portal_my_contract", values)
