# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``portal.change.request.several_developments`` counts the archived developments of
the relation since 19.0.2.3.0 (as the 19.0.2.2.0 pre-migration filled it); a request
computed by 19.0.2.2.0's code with an archived development among its developments may
read False. Only those requests are recomputed."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        SELECT DISTINCT rel.portal_change_request_id
          FROM portal_change_request_realestate_development_rel rel
          JOIN realestate_development development ON development.id = rel.realestate_development_id
         WHERE NOT development.active
    """)
    env = api.Environment(cr, SUPERUSER_ID, {})
    requests = env["portal.change.request"].browse([row[0] for row in cr.fetchall()])
    env.add_to_compute(requests._fields["several_developments"], requests)
    requests.flush_recordset(["several_developments"])
