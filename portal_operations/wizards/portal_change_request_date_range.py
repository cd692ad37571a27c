# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

# Set by the list's button (static/src/backend/change_request_list.js): answer a facet.
FACET_CONTEXT_KEY = "portal_operations_date_range_facet"


class PortalChangeRequestDateRange(models.TransientModel):
    """Alterações cadastrais entre: the requests submitted from a start date to an end
    date (both included, in the user's time zone), in one step.

    Company: none; the action it opens is filtered by the requests' rules.
    """

    _name = "portal.change.request.date.range"
    _description = "Registration Changes Between Two Dates"

    date_from = fields.Date(
        string="Start date", required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(string="End date", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start date must be on or before the end date."))

    def _utc_bounds(self):
        """The period as naive UTC datetimes [start, end) for the stored submission times."""
        self.ensure_one()
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        return to_utc(self.date_from), to_utc(self.date_to + timedelta(days=1))

    def _prepare_domain(self):
        start, end = self._utc_bounds()
        return [("date_submitted", ">=", start), ("date_submitted", "<", end)]

    def _prepare_facet(self):
        """The period as a filter of the list's search (its label and domain)."""
        start, end = self._utc_bounds()
        return {
            "description": self.env._(
                "Submitted between %(start)s and %(end)s",
                start=format_date(self.env, self.date_from), end=format_date(self.env, self.date_to),
            ),
            "domain": [
                ["date_submitted", ">=", fields.Datetime.to_string(start)],
                ["date_submitted", "<", fields.Datetime.to_string(end)],
            ],
        }

    def action_search(self):
        """Pesquisar: from the list's button, the period as a facet of that list (the
        other filters kept, removable); otherwise the review list limited to the period;
        the side panel and the status filters still narrow it."""
        self.ensure_one()
        if self.env.context.get(FACET_CONTEXT_KEY):
            return {"type": "ir.actions.act_window_close", "infos": {FACET_CONTEXT_KEY: self._prepare_facet()}}
        action = self.env["ir.actions.act_window"]._for_xml_id("portal_operations.portal_change_request_action")
        title = self.env._(
            "Registration changes between %(start)s and %(end)s",
            start=format_date(self.env, self.date_from), end=format_date(self.env, self.date_to),
        )
        action.update({
            "name": title,
            "display_name": title,
            "domain": self._prepare_domain(),
            "context": {},
        })
        return action
