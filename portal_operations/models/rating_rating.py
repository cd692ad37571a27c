# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

RATING_MIN = 1
RATING_MAX = 5
RATED_MODELS = ("portal.contact.request",)


class RatingRating(models.Model):
    """Fale Conosco ratings go from 1 to 5 (Odoo's own go from 0 to 5, 0 meaning not
    rated yet): the model refuses what the portal refuses.

    A rating of a Fale Conosco request follows its request (record rules in
    ``security/rating_rating_rules.xml``, through ``contact_request_id``): whoever cannot
    read the request cannot read its rating, and only the customer's rating flow (with
    sudo, after its own checks) writes one. Its ``access_token`` rates without a login,
    so only Odoo's system administrators read it. Company: the request's.
    """

    _inherit = "rating.rating"

    # Only the system reads a token that acts without a login (every model's ratings:
    # Odoo's own flows read it with sudo).
    access_token = fields.Char(groups="base.group_system")
    contact_request_id = fields.Many2one(
        "portal.contact.request", string="Fale Conosco Request",
        compute="_compute_contact_request_id", store=True, index="btree_not_null",
        ondelete="cascade",
        help="The rated Fale Conosco request: its record rules are the rating's.",
    )

    @api.depends("res_model", "res_id")
    def _compute_contact_request_id(self):
        Request = self.env["portal.contact.request"].sudo()
        for rating in self:
            is_request = rating.res_model in RATED_MODELS and rating.res_id
            rating.contact_request_id = Request.browse(rating.res_id).exists() if is_request else False

    @api.constrains("rating", "consumed", "res_model")
    def _check_portal_contact_rating(self):
        for rating in self:
            if rating.res_model in RATED_MODELS and rating.consumed \
                    and not RATING_MIN <= rating.rating <= RATING_MAX:
                raise ValidationError(self.env._(
                    "A Fale Conosco rating goes from %(min)s to %(max)s.",
                    min=RATING_MIN, max=RATING_MAX,
                ))
