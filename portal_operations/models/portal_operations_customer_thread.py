# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError

ADMIN_GROUP = "portal_operations.group_portal_operations_admin"


class PortalOperationsCustomerThread(models.AbstractModel):
    """The thread of a request the customer reads on the portal (registration changes,
    Fale Conosco). Whoever reads the request may post in it, but what reaches the
    customer comes from administrators:

    ==================  ===================================================
    who                 may post
    ==================  ===================================================
    customer            messages on their own requests (from the portal)
    operator            internal notes to staff only
    administrator       messages to the customer and internal notes
    ==================  ===================================================

    List it before ``mail.thread`` in ``_inherit``.
    """

    _name = "portal.operations.customer.thread"
    _description = "Portal Operations: Thread Read by the Customer"
    # Operators only read the request, yet write notes in it.
    _mail_post_access = "read"

    def message_post(self, **kwargs):
        self._check_can_message_customer(kwargs)
        return super().message_post(**kwargs)

    def _check_can_message_customer(self, post_values):
        """Refuse a message of a staff user who is not an administrator unless it is an
        internal note notifying staff only."""
        user = self.env.user
        if self.env.su or user.share or user.has_group(ADMIN_GROUP):
            return
        if post_values.get("subtype_xmlid"):
            subtype = self.env.ref(post_values["subtype_xmlid"], raise_if_not_found=False)
        elif post_values.get("subtype_id"):
            subtype = self.env["mail.message.subtype"].browse(post_values["subtype_id"])
        else:
            subtype = self.env.ref("mail.mt_note")  # message_post's own default
        recipients = self.env["res.partner"].sudo().browse(post_values.get("partner_ids") or [])
        outsiders = recipients.filtered(lambda partner: not partner.user_ids.filtered(
            lambda recipient: not recipient.share,
        ))
        if not (subtype and subtype.sudo().internal) or outsiders:
            raise AccessError(self.env._(
                "Only a Portal Operations administrator writes to the customer on %(record)s: "
                "log an internal note instead.",
                record=self.display_name,
            ))
