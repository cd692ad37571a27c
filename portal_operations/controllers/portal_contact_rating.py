# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo.exceptions import UserError, ValidationError
from odoo.http import request, route

from .portal_contact import ContactPortal
from .portal_ownership import customer_record_sudo


class ContactRatingPortal(ContactPortal):
    """The customer rates the answer to a Fale Conosco request, 1 to 5 with an optional
    comment: on the request page (``/my/contact/<id>/rate``) or from the link of the
    rating e-mail (``/fale-conosco/rate/<token>/<score>``, no login needed: the token is
    the customer's)."""

    # ------------------------------------------------------------
    # On the portal
    # ------------------------------------------------------------

    def _prepare_contact_request_values(self, contact_request_sudo, access_token, **kw):
        values = super()._prepare_contact_request_values(contact_request_sudo, access_token, **kw)
        values.update({
            "rateable": contact_request_sudo._is_rateable(),
            "customer_rating": contact_request_sudo.rating_ids.filtered("consumed")[:1],
            "rating_error": kw.get("rating_error"),
            "rated": kw.get("rated"),
        })
        return values

    @route("/my/contact/<int:request_id>/rate", type="http", auth="user", website=True,
           methods=["POST"])
    def portal_contact_request_rate(self, request_id, score=None, feedback=None, **kw):
        contact_request_sudo = customer_record_sudo(self, "portal.contact.request", request_id)
        try:
            contact_request_sudo._rate(self._to_score(score), feedback)
        except (UserError, ValidationError) as error:
            values = self._prepare_contact_request_values(
                contact_request_sudo, None, rating_error=error.args[0],
            )
            return request.render("portal_operations.portal_my_contact_request", values, status=400)
        return request.redirect(f"{contact_request_sudo.access_url}?rated=1#contact_request_rating")

    @staticmethod
    def _to_score(score):
        return int(score) if str(score or "").isdigit() else 0

    # ------------------------------------------------------------
    # From the rating e-mail
    # ------------------------------------------------------------

    def _get_contact_rating_sudo(self, token):
        rating_sudo = request.env["rating.rating"].sudo().search([
            ("access_token", "=", token), ("res_model", "=", "portal.contact.request"),
        ], limit=1)
        contact_request_sudo = request.env["portal.contact.request"].sudo().browse(
            rating_sudo.res_id,
        ).exists()
        if not rating_sudo or not contact_request_sudo:
            raise NotFound()
        if contact_request_sudo.answer_rated:
            # one rating per final answer: a second attempt shows the first
            rating_sudo = contact_request_sudo._get_answer_rating()
        return rating_sudo, contact_request_sudo

    def _render_rating_page(self, rating_sudo, contact_request_sudo, score, error=None, status=200):
        # In the customer's language: the page is opened from their e-mail, often logged out.
        html = request.env["ir.ui.view"].with_context(
            lang=rating_sudo.partner_id.lang or request.env.lang,
        )._render_template("portal_operations.portal_contact_rating_page", {
            "rating": rating_sudo,
            "contact_request": contact_request_sudo,
            "score": score,
            "error": error,
        })
        return request.make_response(html, status=status)

    @route("/fale-conosco/rate/<string:token>/<int:score>", type="http", auth="public",
           website=True, methods=["GET"])
    def portal_contact_rating_open(self, token, score, **kw):
        """The link of the e-mail only opens the page: a crawler following it rates
        nothing; the customer confirms (and may comment) with the form."""
        rating_sudo, contact_request_sudo = self._get_contact_rating_sudo(token)
        return self._render_rating_page(rating_sudo, contact_request_sudo, score)

    @route("/fale-conosco/rate/<string:token>", type="http", auth="public", website=True,
           methods=["POST"])
    def portal_contact_rating_submit(self, token, score=None, feedback=None, **kw):
        rating_sudo, contact_request_sudo = self._get_contact_rating_sudo(token)
        score = self._to_score(score)
        if rating_sudo.consumed:
            return self._render_rating_page(rating_sudo, contact_request_sudo, score)
        try:
            contact_request_sudo._rate(score, feedback, token=token)
        except (UserError, ValidationError) as error:
            return self._render_rating_page(
                rating_sudo, contact_request_sudo, score, error=error.args[0], status=400,
            )
        return self._render_rating_page(rating_sudo, contact_request_sudo, score)
