# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..constants import CONTACT_REQUEST_STATES

MAIL_TEMPLATE_OPINION = "portal_operations.mail_template_contact_opinion"
NOTE_TEMPLATE_INTERNAL = "portal_operations.portal_contact_opinion_internal_note"


class PortalContactOpinion(models.Model):
    """A parecer: an administrator's answer to a Fale Conosco request, with the status
    it gave the request. Public ones are the customer's to read; internal ones stay
    among staff. Kept as written (no edit, no delete) for the record.

    Company: its request's.
    """

    _name = "portal.contact.opinion"
    _description = "Fale Conosco Opinion (Parecer)"
    _order = "date desc, id desc"
    _rec_name = "request_id"

    request_id = fields.Many2one(
        "portal.contact.request", required=True, index=True,
        ondelete="cascade",
    )
    state = fields.Selection(CONTACT_REQUEST_STATES, string="Status", required=True)
    text = fields.Text(string="Opinion", required=True)
    internal = fields.Boolean(
        help="Staff only: the customer neither sees it on the portal nor gets an e-mail.",
    )
    author_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user,
        index=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    partner_id = fields.Many2one(related="request_id.partner_id", string="Customer")
    development_id = fields.Many2one(
        related="request_id.development_id", store=True, index=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)

    def _post_in_request_thread(self):
        """Post the parecer in its request's thread: a public one as a message to the
        customer (mail template: e-mail and portal), an internal one as a note."""
        for opinion in self:
            request = opinion.request_id
            if opinion.internal:
                request.message_post_with_source(
                    NOTE_TEMPLATE_INTERNAL,
                    render_values={"opinion": opinion},
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
            else:
                # The template renders the request's last parecer: this one. The
                # customer reads it from the company, as the protocol receipt (who wrote
                # it stays in the parecer, for staff).
                request._message_post_from_company(MAIL_TEMPLATE_OPINION)
