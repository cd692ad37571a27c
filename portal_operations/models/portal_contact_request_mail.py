# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fale Conosco by e-mail: the protocol confirmation sent to the customer, and the mail
gateway (alias ``portal_operations.mail_alias_contact_request``): a known customer's
e-mail opens a request, a reply lands in its request's thread."""

from odoo import api, models, tools

from odoo.addons.mail.tools.alias_error import AliasError

MAIL_TEMPLATE_CONFIRMATION = "portal_operations.mail_template_contact_request_confirmation"
EMAIL_TYPE_PARAM = "portal_operations.contact_email_type_id"
NO_REPLY_NOTICE = "portal_contact_opened_by_email"


class PortalContactRequest(models.Model):
    _inherit = "portal.contact.request"

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._send_protocol_confirmation()
        return requests

    def _send_protocol_confirmation(self):
        """The customer's receipt: the protocol number and the expected answer date, by
        e-mail and in the thread they read on the portal. Written in the company's name
        (the customer's own message would count as a reply) and posted by OdooBot, as the
        mail gateway does: the user who acts is never notified, and that may be the
        customer."""
        odoobot = self.env.ref("base.user_root")
        for request in self.sudo().with_user(odoobot):
            request.message_post_with_source(
                MAIL_TEMPLATE_CONFIRMATION,
                author_id=request.company_id.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------

    @api.model
    def _get_known_customer_contracts(self, partner):
        """The published contracts of ``partner``: having one makes a known customer."""
        Contract = self.env["realestate.contract"].sudo()
        return Contract.search(Contract._get_portal_domain(partner)) if partner else Contract

    @api.model
    def _get_email_request_type(self):
        """The type of the requests opened by e-mail (setting *E-mail request type*),
        else the first active type."""
        type_id = self.env["ir.config_parameter"].sudo().get_param(EMAIL_TYPE_PARAM)
        Type = self.env["portal.contact.request.type"].sudo()
        request_type = Type.browse(int(type_id)).exists() if type_id and type_id.isdigit() else Type
        return request_type.filtered("active") or Type.search([], limit=1)

    def _alias_get_error(self, message, message_dict, alias):
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self.ids:
            return error
        # A new request: only customers write to Fale Conosco.
        author = self.env["res.partner"].browse(message_dict.get("author_id"))
        if not self._get_known_customer_contracts(author):
            return AliasError(
                "error_not_a_customer",
                self.env._("restricted to customers with a contract"),
            )
        if not self._get_email_request_type():
            return AliasError(
                "config_no_request_type", self.env._("no Fale Conosco request type"), True,
            )
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail from a known customer to the alias: a request of the e-mail type,
        about their only contract (or development) when they have one."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        contracts = self._get_known_customer_contracts(author)
        developments = contracts.development_id
        vals = {
            "partner_id": author.id,
            "type_id": self._get_email_request_type().id,
            "contract_id": contracts.id if len(contracts) == 1 else False,
            "development_id": developments.id if len(developments) == 1 else False,
            "subject": (msg_dict.get("subject") or "").strip()[:200] or self.env._("(no subject)"),
            "message": msg_dict.get("body") or tools.plaintext2html(self.env._("(empty message)")),
            "company_id": contracts[:1].company_id.id or self.env.company.id,
            **(custom_values or {}),
        }
        request = self.create(vals)
        # The e-mail becomes the request's first message: not a reply to notify about.
        return request.with_context(**{NO_REPLY_NOTICE: True})

    def _is_customer_reply(self, message):
        return not self.env.context.get(NO_REPLY_NOTICE) and super()._is_customer_reply(message)
