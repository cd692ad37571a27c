# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The deadline of a Fale Conosco request (Decreto nº 11.034/2022: an answer within
seven calendar days of the registration) and its escalation."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from .portal_contact_request import ADMIN_GROUP, STATE_PENDING, STATE_READ

# A request waits for an answer in these states; the deadline is met by its first
# public parecer, whatever came after.
WAITING_STATES = (STATE_PENDING, STATE_READ)
DUE_SOON = timedelta(hours=24)
ESCALATION_BATCH = 200


class PortalContactRequest(models.Model):
    _inherit = "portal.contact.request"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    deadline = fields.Datetime(
        compute="_compute_deadline", store=True, precompute=True, readonly=True, copy=False,
        index=True,
        help="When the customer must have an answer: the registration date plus the "
        "deadline of the request type, in calendar days. A reply of the customer does "
        "not move it; the first public opinion meets it.",
    )
    first_answer_date = fields.Datetime(
        string="First Answer", compute="_compute_first_answer", store=True,
        help="Date of the first public opinion: the customer's first answer.",
    )
    first_answer_hours = fields.Float(
        string="Hours to First Answer", compute="_compute_first_answer", store=True,
        aggregator="avg", digits=(12, 1),
        help="Time from the request to its first public opinion, in hours.",
    )
    answered_in_time = fields.Boolean(
        string="Answered within Deadline", compute="_compute_first_answer", store=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_deadline_status", search="_search_is_overdue",
        help="Waiting for its first answer past the deadline.",
    )
    is_due_soon = fields.Boolean(
        string="Due in 24 h", compute="_compute_deadline_status", search="_search_is_due_soon",
        help="Waiting for its first answer, with the deadline in the next 24 hours.",
    )
    sla_due_soon_escalated = fields.Boolean(
        string="Due-soon Activity Given", readonly=True, copy=False,
    )
    sla_overdue_escalated = fields.Boolean(
        string="Overdue Notice Sent", readonly=True, copy=False,
    )

    # The overdue and due-soon filters read requests waiting for their first answer by
    # deadline: a small partial index, whatever the number of answered requests.
    _waiting_deadline_idx = models.Index(
        "(deadline) WHERE first_answer_date IS NULL AND state IN ('pending', 'read')",
    )

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("date", "type_id")
    def _compute_deadline(self):
        for request in self:
            days = request.type_id.sla_days
            request.deadline = request.date + timedelta(days=days) if days and request.date else False

    @api.depends("opinion_ids.date", "opinion_ids.internal", "date", "deadline")
    def _compute_first_answer(self):
        for request in self:
            public = request.opinion_ids.filtered(lambda o: not o.internal)
            first = public.sorted(lambda o: (o.date, o.id))[:1]
            request.first_answer_date = first.date
            request.first_answer_hours = (
                (first.date - request.date).total_seconds() / 3600
                if first and request.date else 0.0
            )
            request.answered_in_time = bool(
                first and (not request.deadline or first.date <= request.deadline)
            )

    @api.depends("state", "deadline", "first_answer_date")
    @api.depends_context("uid")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for request in self:
            waiting = bool(
                request.deadline and not request.first_answer_date
                and request.state in WAITING_STATES
            )
            request.is_overdue = waiting and request.deadline < now
            request.is_due_soon = waiting and now <= request.deadline <= now + DUE_SOON

    @api.model
    def _waiting_answer_domain(self):
        return Domain([
            ("state", "in", WAITING_STATES),
            ("first_answer_date", "=", False),
            ("deadline", "!=", False),
        ])

    @api.model
    def _overdue_domain(self):
        return self._waiting_answer_domain() & Domain("deadline", "<", fields.Datetime.now())

    @api.model
    def _due_soon_domain(self):
        now = fields.Datetime.now()
        return self._waiting_answer_domain() & Domain([
            ("deadline", ">=", now), ("deadline", "<=", now + DUE_SOON),
        ])

    @staticmethod
    def _search_flag(domain, operator, value):
        """A domain for ``flag in value`` / ``flag not in value`` of a boolean flag whose
        true records are ``domain``."""
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = {bool(v) for v in value}
        if operator == "not in":
            wanted = {True, False} - wanted
        if wanted == {True}:
            return domain
        if wanted == {False}:
            return ~domain
        return Domain.TRUE if wanted else Domain.FALSE

    def _search_is_overdue(self, operator, value):
        return self._search_flag(self._overdue_domain(), operator, value)

    def _search_is_due_soon(self, operator, value):
        return self._search_flag(self._due_soon_domain(), operator, value)

    # ------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------

    @api.model
    def _cron_escalate_deadlines(self):
        self._escalate_deadlines(progress=self.env["ir.cron"]._commit_progress)

    @api.model
    def _escalate_deadlines(self, progress=None):
        """Give the responsible staff an activity for each request due within a day, and
        notify the administrators of each overdue one; each request once per threshold
        (flags ``sla_due_soon_escalated`` and ``sla_overdue_escalated``).

        :param progress: called with the number of requests done after each batch (the
            cron commits there, see ``ir.cron._commit_progress``)
        """
        now = fields.Datetime.now()
        thresholds = [
            (Domain("deadline", "<=", now + DUE_SOON) & Domain("sla_due_soon_escalated", "=", False),
             "_escalate_due_soon"),
            (Domain("deadline", "<", now) & Domain("sla_overdue_escalated", "=", False),
             "_escalate_overdue"),
        ]
        for domain, method in thresholds:
            requests = self.search(self._waiting_answer_domain() & domain, order="deadline, id")
            for start in range(0, len(requests), ESCALATION_BATCH):
                batch = requests[start:start + ESCALATION_BATCH]
                for request in batch:
                    getattr(request, method)()
                if progress:
                    progress(len(batch), remaining=len(requests) - start - len(batch))

    def _get_responsible_staff(self):
        """Who answers the request: the staff responsible for its type, else the
        administrators of its development."""
        self.ensure_one()
        users = self.type_id.user_ids.filtered(lambda user: user.active and not user.share)
        return users or self._get_development_administrators()

    def _get_development_administrators(self):
        self.ensure_one()
        return self.env["res.users"]._portal_operations_staff(self.development_id, ADMIN_GROUP)

    def _schedule_staff_activity(self, users, summary, note, date_deadline):
        """One to-do activity per user (the request's responsible staff, in practice)."""
        for user in users:
            self.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=date_deadline,
                summary=summary, note=note, user_id=user.id,
            )

    def _escalate_due_soon(self):
        for request in self:
            deadline = fields.Datetime.context_timestamp(request, request.deadline)
            request._schedule_staff_activity(
                request._get_responsible_staff(),
                self.env._("Answer %(request)s before its deadline", request=request.name),
                self.env._(
                    "The customer must have an answer by %(deadline)s.",
                    deadline=fields.Datetime.to_string(deadline),
                ),
                request.deadline.date(),
            )
            request.sla_due_soon_escalated = True

    def _escalate_overdue(self):
        for request in self:
            admins = request._get_development_administrators()
            request.message_post(
                body=self.env._(
                    "This request is overdue: the customer should have had an answer by "
                    "%(deadline)s.",
                    deadline=fields.Datetime.to_string(
                        fields.Datetime.context_timestamp(request, request.deadline),
                    ),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
                partner_ids=admins.partner_id.ids,
            )
            request.sla_overdue_escalated = True
