# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.tools import groupby

from ..constants import ADMIN_GROUP, OPERATOR_GROUP


class ResUsers(models.Model):
    """Staff of the portal back office: the developments they work on, and which
    processes they want e-mails for ("Operador recebe e-mail por processo?")."""

    _inherit = "res.users"

    portal_development_ids = fields.Many2many(
        "realestate.development", "realestate_development_res_users_rel", "user_id",
        "development_id", string="Assigned Developments",
        help="Operators work on the records of these developments only; an administrator "
        "with none assigned works on all of them.",
    )
    portal_notify_change_request = fields.Boolean(
        string="E-mail on registration changes",
        help="Receive an e-mail when a customer of my developments asks to change their data.",
    )
    portal_notify_contact_request = fields.Boolean(
        string="E-mail on Fale Conosco",
        help="Receive an e-mail for each message sent to Fale Conosco in my developments.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "portal_development_ids", "portal_notify_change_request",
            "portal_notify_contact_request",
        ]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + [
            "portal_notify_change_request", "portal_notify_contact_request",
        ]

    @api.model
    def _portal_operations_staff(self, developments, group_xmlid=OPERATOR_GROUP):
        """Internal users of ``group_xmlid`` who work on one of ``developments``:
        assigned to it, or administrators without assignment (they work on all) of the
        developments' companies."""
        staff = self.sudo().search([
            ("share", "=", False), ("all_group_ids", "in", self.env.ref(group_xmlid).ids),
        ])
        companies = developments.sudo().company_id
        return staff.filtered(
            lambda user: user.portal_development_ids & developments
            or (not user.portal_development_ids
                and user.has_group(ADMIN_GROUP)
                and (not companies or companies & user.company_ids))
        )

    @api.model
    def _portal_operations_staff_to_notify(self, developments, flag_field):
        """Staff of ``developments`` who asked for e-mails of a process (``flag_field``,
        e.g. ``portal_notify_change_request``)."""
        return self._portal_operations_staff(developments).filtered(flag_field)

    def _portal_operations_mail_staff(self, record, template_xmlid, author=None):
        """E-mail these staff users about ``record`` with a mail template, each in their
        language. Sent with ``message_notify``: the e-mail links to the record yet never
        shows in its thread, which the customer reads on the portal. ``author``: the
        partner the e-mail is from (default: the current user's), for a queued job
        sending it on someone's behalf."""
        template = self.env.ref(template_xmlid).sudo()
        author_values = {"author_id": author.id} if author else {}
        for lang, users in groupby(self, key=lambda user: user.lang):
            template_lang = template.with_context(lang=lang)
            record.sudo().message_notify(
                partner_ids=self.env["res.users"].concat(*users).partner_id.ids,
                subject=template_lang._render_field("subject", record.ids)[record.id],
                body=template_lang._render_field("body_html", record.ids)[record.id],
                email_layout_xmlid="mail.mail_notification_layout",
                **author_values,
            )
