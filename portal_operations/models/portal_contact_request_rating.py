# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer satisfaction of Fale Conosco (Odoo's ``rating.mixin``): once a public
parecer resolves or closes a request, the customer rates the answer from 1 to 5, from
the e-mail link or on the portal, with an optional comment."""

from odoo import fields, models
from odoo.exceptions import UserError

from .rating_rating import RATING_MAX, RATING_MIN

# A public parecer with one of these statuses ends the request: the customer is asked.
RATED_STATES = ("resolved", "closed")
# Ratings up to this one call for a look by the responsible staff.
POOR_RATING = 2
MAIL_TEMPLATE_RATING = "portal_operations.mail_template_contact_request_rating"


class PortalContactRequest(models.Model):
    _name = "portal.contact.request"
    _inherit = ["rating.mixin", "portal.contact.request"]

    def _is_rateable(self):
        self.ensure_one()
        return self.state in RATED_STATES and bool(self.first_answer_date)

    def _add_opinion(self, status, text, internal=False):
        opinion = super()._add_opinion(status, text, internal)
        if not internal and status in RATED_STATES:
            self._send_rating_request()
        return opinion

    def _send_rating_request(self):
        for request in self.sudo():
            request.rating_send_request(
                self.env.ref(MAIL_TEMPLATE_RATING), lang=request.partner_id.lang,
                force_send=False,
            )

    def _get_rating_url(self):
        """The rating e-mail's link, to which the score (1 to 5) is appended."""
        self.ensure_one()
        return f"{self.get_base_url()}/fale-conosco/rate/{self._rating_get_access_token()}"

    def _rate(self, score, feedback=None, token=None):
        """The customer's rating, from the portal (the request page) or the e-mail link.

        :param int score: 1 to 5
        :param str feedback: optional comment
        :param str token: the rating's token (e-mail link); else the customer's open rating
        """
        self.ensure_one()
        self._check_rating_score(score)
        if not self._is_rateable():
            raise UserError(self.env._("This request has no final answer to rate yet."))
        return self.rating_apply(
            score, token=token or self._rating_get_access_token(), feedback=(feedback or "").strip() or None,
        )

    def _check_rating_score(self, score):
        if not isinstance(score, int) or not RATING_MIN <= score <= RATING_MAX:
            raise UserError(self.env._(
                "Rate the answer from %(min)s to %(max)s.", min=RATING_MIN, max=RATING_MAX,
            ))

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None,
                     notify_delay_send=False):
        rating = super().rating_apply(
            rate, token=token, rating=rating, feedback=feedback, subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rating.rating <= POOR_RATING:
            self._on_poor_rating(rating)
        return rating

    def _on_poor_rating(self, rating):
        """A poor rating: the responsible staff take a look."""
        for request in self:
            request._schedule_staff_activity(
                request._get_responsible_staff(),
                self.env._("Poor rating on %(request)s", request=request.name),
                self.env._(
                    "The customer rated the answer %(score)s/5: %(feedback)s",
                    score=int(rating.rating), feedback=rating.feedback or "-",
                ),
                fields.Date.context_today(request),
            )

    def _is_customer_reply(self, message):
        # The customer's rating is posted in the thread, yet is no new question.
        return not message.rating_id and super()._is_customer_reply(message)
