# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

from ..constants import ADMIN_GROUP


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

    It is a ``mail.thread`` itself, so its checks come first whatever other mixins
    (``rating.mixin``…) a model adds later.
    """

    _name = "portal.operations.customer.thread"
    _inherit = ["mail.thread"]
    _description = "Portal Operations: Thread Read by the Customer"
    # Operators only read the request, yet write notes in it.
    _mail_post_access = "read"

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """Posting (replies, uploads, reactions) is the customer's, logged in: a portal
        or public user who is not the record's customer needs ``write``, which no share
        token grants (see ``_get_thread_with_access``)."""
        operations = super()._mail_get_operation_for_mail_message_operation(message_operation)
        user = self.env.user
        if message_operation == "create" and user.share:
            customer = user.partner_id.commercial_partner_id
            for record in self:
                if user._is_public() or record.partner_id.commercial_partner_id != customer:
                    operations[record] = "write"
        return operations

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        # A share token (or signed link) only ever opens the thread for reading.
        if mode != "read" and self.env.user.share:
            kwargs = {}
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    def _thread_to_store(self, store, fields, *, request_list=None):
        """Tell the chatter whether the user may write to the customer: it shows *Send
        message* only then (static/src/backend/chatter_customer_message.xml)."""
        result = super()._thread_to_store(store, fields, request_list=request_list)
        if request_list is not None and store.target.is_current_user(self.env):
            user = self.env.user
            store.add(self, {
                "portalOperationsCanMessageCustomer": user.share or user.has_group(ADMIN_GROUP),
            }, as_thread=True)
        return result

    def _message_post_from_company(self, template_xmlid, **kwargs):
        """Post ``template_xmlid`` to the customer in each record's company's name: its
        author and the e-mail's sender. The sender is given: for a template without one
        Odoo's composer leaves the e-mail without a sender, which the mail server
        refuses ("provide a sender address")."""
        messages = self.env["mail.message"]
        for record in self:
            company = record.company_id.partner_id
            messages |= record.message_post_with_source(
                template_xmlid,
                author_id=company.id,
                email_from=company.email_formatted or False,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                **kwargs,
            )
        return messages

    def message_post(self, **kwargs):
        if kwargs.get("subtype_xmlid"):
            subtype = self.env.ref(kwargs["subtype_xmlid"], raise_if_not_found=False)
        elif kwargs.get("subtype_id"):
            subtype = self.env["mail.message.subtype"].browse(kwargs["subtype_id"])
        else:
            subtype = self.env.ref("mail.mt_note")  # message_post's own default
        self._check_can_message_customer(subtype, kwargs.get("partner_ids"))
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        self._check_can_message_customer(self.env.ref("mail.mt_note"), kwargs.get("partner_ids"))
        return super().message_notify(**kwargs)

    def _check_can_message_customer(self, subtype, partner_ids):
        """Refuse what a staff user who is not an administrator would send the customer:
        anything but an internal note notifying staff only. Checked on the user, sudo
        or not: the chatter posts as superuser once it checked the access."""
        user = self.env.user
        if user.share or user.has_group(ADMIN_GROUP):
            return
        recipients = self.env["res.partner"].sudo().browse(partner_ids or [])
        outsiders = recipients.filtered(lambda partner: not partner.user_ids.filtered(
            lambda recipient: not recipient.share,
        ))
        if not (subtype and subtype.sudo().internal) or outsiders:
            raise AccessError(self.env._(
                "Only a Portal Operations administrator writes to the customer on %(record)s: "
                "log an internal note instead.",
                record=self.sudo().display_name,
            ))
