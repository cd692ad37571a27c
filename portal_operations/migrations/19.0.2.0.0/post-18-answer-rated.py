# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One rating per final answer: a Fale Conosco request its customer already rated
keeps that rating and is not rated again."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE portal_contact_request request
           SET answer_rated = TRUE
         WHERE EXISTS (
                SELECT 1 FROM rating_rating rating
                 WHERE rating.res_model = 'portal.contact.request'
                   AND rating.res_id = request.id
                   AND rating.consumed
         )
    """)
