# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

# Settings field -> mega.backend field of the current company's connection.
MEGA_SETTINGS = {
    "mega_wsdl_url": "wsdl_url",
    "mega_endpoint_url": "endpoint_url",
    "mega_username": "username",
    "mega_password": "password",
    "mega_timeout": "timeout",
    "mega_retries": "retries",
    "mega_page_size": "page_size",
    "mega_push_on_approval": "push_on_approval",
    "mega_auto_invite_portal": "auto_invite_portal",
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    portal_show_contracts = fields.Boolean(
        related="company_id.portal_show_contracts", readonly=False,
    )
    portal_cep_cache_days = fields.Integer(
        string="Keep CEP addresses (days)", config_parameter="portal_operations.cep_cache_days", default=30,
        help="A CEP asked once is answered from the portal's own table for this many days.",
    )
    portal_cep_timeout = fields.Integer(
        string="CEP service timeout (s)", config_parameter="portal_operations.cep_timeout", default=3,
        help="After this many seconds without an answer, the customer types the address.",
    )
    change_approval_mode = fields.Selection(
        related="company_id.change_approval_mode", readonly=False,
    )
    mega_wsdl_url = fields.Char(string="WSDL")
    mega_endpoint_url = fields.Char(string="Endpoint")
    mega_username = fields.Char(string="User")
    mega_password = fields.Char(string="Password")
    mega_timeout = fields.Integer(string="Timeout (s)")
    mega_retries = fields.Integer(string="Retries")
    mega_page_size = fields.Integer(string="Page size")
    mega_push_on_approval = fields.Boolean(string="Send approved changes at once")
    mega_auto_invite_portal = fields.Boolean(string="Invite customers to the portal")
    mega_sync_interval = fields.Integer(related="company_id.mega_sync_interval", readonly=False)

    def _mega_backend(self):
        backend = self.env["mega.backend"].sudo().search([("company_id", "=", self.env.company.id)], limit=1)
        return backend or self.env["mega.backend"].sudo().create({"company_id": self.env.company.id})

    @api.model
    def get_values(self):
        # Public over RPC, and it reads the connection (password included) as superuser.
        if not (self.env.su or self.env.user.has_group("base.group_system")):
            raise AccessError(self.env._("Only administrators read the Mega ERP connection settings."))
        values = super().get_values()
        backend = self._mega_backend()
        values.update({setting: backend[field] for setting, field in MEGA_SETTINGS.items()})
        return values

    def set_values(self):
        result = super().set_values()
        self._mega_backend().write({field: self[setting] for setting, field in MEGA_SETTINGS.items()})
        return result

    portal_contact_max_attachment_mb = fields.Integer(
        related="company_id.portal_contact_max_attachment_mb", readonly=False,
    )
    portal_contact_allowed_extensions = fields.Char(
        related="company_id.portal_contact_allowed_extensions", readonly=False,
    )
    portal_contact_email_type_id = fields.Many2one(
        "portal.contact.request.type", string="Type of E-mailed Requests",
        config_parameter="portal_operations.contact_email_type_id",
        help="The request type of a request a customer opens by e-mail to the Fale Conosco "
        "alias (by default the first type).",
    )
