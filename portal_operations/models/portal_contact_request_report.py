# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..constants import CONTACT_REQUEST_STATES

# The one measure that is no plain SQL aggregate: grouped, it is the 90th percentile.
P90_FIELD = "first_answer_hours_p90"


class PortalContactRequestReport(models.Model):
    """Fale Conosco service levels, one row per request (a SQL view): whether it was
    answered within its deadline, the time to its first public answer (average and
    90th percentile), and the customer's rating; by type, development and month.

    Company: its request's; the same company rules as the requests.
    """

    _name = "portal.contact.request.report"
    _description = "Fale Conosco Service Level Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "request_id"

    request_id = fields.Many2one("portal.contact.request", readonly=True)
    date = fields.Datetime(readonly=True)
    type_id = fields.Many2one("portal.contact.request.type", string="Request Type", readonly=True)
    development_id = fields.Many2one("realestate.development", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(CONTACT_REQUEST_STATES, string="Status", readonly=True)
    deadline = fields.Datetime(readonly=True)
    first_answer_date = fields.Datetime(string="First Answer", readonly=True)
    within_deadline_pct = fields.Float(
        string="Answered within Deadline (%)", aggregator="avg", readonly=True, digits=(5, 1),
        help="100 for a request answered by its deadline, 0 for one answered late or still "
        "waiting past it; requests without deadline, or still within it, do not count.",
    )
    first_answer_hours = fields.Float(
        string="Hours to First Answer (avg)", aggregator="avg", readonly=True, digits=(12, 1),
    )
    first_answer_hours_p90 = fields.Float(
        string="Hours to First Answer (90th percentile)", aggregator="avg", readonly=True,
        digits=(12, 1),
        help="Nine requests in ten had their first public answer within this time.",
    )
    rating = fields.Float(
        string="Average Rating", aggregator="avg", readonly=True, digits=(3, 2),
        help="The customers' ratings, 1 (poor) to 5 (excellent); unrated requests do not count.",
    )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec.split(":")[0] == P90_FIELD:
            super()._read_group_select(aggregate_spec, query)  # checks the field's access
            return SQL(
                "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY %s)",
                self._field_to_sql(self._table, P90_FIELD, query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @property
    def _table_query(self):
        return SQL("""
            SELECT r.id, r.id AS request_id, r.date, r.type_id, r.development_id, r.partner_id,
                   r.company_id, r.state, r.deadline, r.first_answer_date,
                   CASE
                       WHEN r.deadline IS NULL THEN NULL
                       WHEN r.first_answer_date IS NOT NULL
                           THEN CASE WHEN r.first_answer_date <= r.deadline THEN 100.0 ELSE 0.0 END
                       WHEN r.deadline < (NOW() AT TIME ZONE 'UTC') THEN 0.0
                   END AS within_deadline_pct,
                   CASE WHEN r.first_answer_date IS NOT NULL THEN r.first_answer_hours END
                       AS first_answer_hours,
                   CASE WHEN r.first_answer_date IS NOT NULL THEN r.first_answer_hours END
                       AS first_answer_hours_p90,
                   NULLIF(r.rating_last_value, 0) AS rating
              FROM portal_contact_request r
        """)

