# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError

RATING_MIN = 1
RATING_MAX = 5
RATED_MODELS = ("portal.contact.request",)


class RatingRating(models.Model):
    """Fale Conosco ratings go from 1 to 5 (Odoo's own go from 0 to 5, 0 meaning not
    rated yet): the model refuses what the portal refuses."""

    _inherit = "rating.rating"

    @api.constrains("rating", "consumed", "res_model")
    def _check_portal_contact_rating(self):
        for rating in self:
            if rating.res_model in RATED_MODELS and rating.consumed \
                    and not RATING_MIN <= rating.rating <= RATING_MAX:
                raise ValidationError(self.env._(
                    "A Fale Conosco rating goes from %(min)s to %(max)s.",
                    min=RATING_MIN, max=RATING_MAX,
                ))
