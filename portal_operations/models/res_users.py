# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    def _portal_operations_staff_to_notify(self, developments, flag_field):
        """Internal staff who want e-mails of a process about records of ``developments``.

        :param developments: ``realestate.development`` records the record belongs to
            (may be empty)
        :param str flag_field: the boolean e-mail switch of the process on ``res.users``,
            e.g. ``portal_notify_contact_request``
        :return: active internal users of the portal operations roles with the switch on
            who are assigned to one of ``developments``, plus the administrators without
            assignment (who work on every development)
        """
        operator_group = self.env.ref("portal_operations.group_portal_operations_operator")
        admin_group = self.env.ref("portal_operations.group_portal_operations_admin")
        candidates = self.sudo().search([
            (flag_field, "=", True),
            ("share", "=", False),
            ("all_group_ids", "in", operator_group.ids),
        ])
        return candidates.filtered(
            lambda user: (user.portal_development_ids & developments)
            or (not user.portal_development_ids and admin_group in user.all_group_ids)
        ).with_env(self.env)
