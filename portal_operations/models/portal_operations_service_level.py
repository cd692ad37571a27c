# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service level of a customer's request (Fale Conosco, LGPD): an answer deadline,
the first answer that meets it, the overdue and due-in-24-h filters, and the daily
escalation (an activity for the responsible staff a day before the deadline, a notice
to the administrators after it)."""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.fields import Domain

DUE_SOON = timedelta(hours=24)
ESCALATION_BATCH = 200


class PortalOperationsServiceLevel(models.AbstractModel):
    """The deadline of a request and its escalation, shared by the customers' requests.

    A model that inherits it is a mail thread with activities, has ``name``, ``date``
    (when the request was made), ``state`` and ``company_id``, and gives:

    ==================================  ==============================================
    hook                                what it says
    ==================================  ==============================================
    ``_waiting_states``                 the states in which a request waits for its
                                        answer
    ``_deadline_days()``                calendar days from ``date`` to the deadline
                                        (none: no deadline); add the fields it reads
                                        to ``_compute_deadline``'s ``@api.depends``
    ``first_answer_date``               how the first answer is recorded (a compute,
                                        or written by the answer)
    ``_get_development_administrators`` who is told of an overdue request
    ``_get_responsible_staff()``        who answers it (default: the former)
    ==================================  ==============================================
    """

    _name = "portal.operations.service.level"
    _description = "Customer Request Service Level"

    # The states in which a request waits for its answer: the deadline is met by its
    # first answer, whatever came after.
    _waiting_states = ()

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    deadline = fields.Datetime(
        compute="_compute_deadline", store=True, precompute=True, readonly=True, copy=False,
        index=True,
    )
    first_answer_date = fields.Datetime(string="First Answer", readonly=True, copy=False)
    answered_in_time = fields.Boolean(
        string="Answered within Deadline", compute="_compute_answered_in_time", store=True,
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

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("date")
    def _compute_deadline(self):
        for request in self:
            days = request._deadline_days()
            request.deadline = request.date + timedelta(days=days) if days and request.date else False

    def _deadline_days(self):
        """Calendar days from the request's date to its deadline (0: no deadline)."""
        self.ensure_one()
        return 0

    @api.depends("first_answer_date", "deadline")
    def _compute_answered_in_time(self):
        for request in self:
            answered = request.first_answer_date
            request.answered_in_time = bool(answered and (not request.deadline or answered <= request.deadline))

    @api.depends("state", "deadline", "first_answer_date")
    def _compute_deadline_status(self):
        overdue = self.filtered_domain(self._overdue_domain())
        due_soon = self.filtered_domain(self._due_soon_domain())
        for request in self:
            request.is_overdue = request in overdue
            request.is_due_soon = request in due_soon

    # ------------------------------------------------------------
    # Deadline
    # ------------------------------------------------------------

    @api.model
    def _waiting_answer_domain(self):
        """The requests waiting for their first answer, with a deadline."""
        return Domain([
            ("state", "in", self._waiting_states),
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

    def _get_development_administrators(self):
        """The administrators of the request's developments (and company)."""
        raise NotImplementedError

    def _get_responsible_staff(self):
        """Who answers the request."""
        return self._get_development_administrators()

    def _for_reader(self, partners):
        """This request in the language and time zone of who reads what a job writes on
        it: the readers' (when they share one), else the company's; the cron itself runs
        as OdooBot, in English and UTC."""
        self.ensure_one()
        company_partner = self.company_id.partner_id
        langs = set(partners.mapped("lang")) - {False}
        tzs = set(partners.mapped("tz")) - {False}
        lang = next(iter(langs)) if len(langs) == 1 else company_partner.lang
        tz = next(iter(tzs)) if len(tzs) == 1 else company_partner.tz
        return self.with_context(
            lang=lang or self.env.lang, tz=tz or self.env.context.get("tz") or "UTC",
        )

    def _format_deadline(self):
        """The deadline as the reader of ``self``'s context writes a date and time."""
        self.ensure_one()
        return tools.format_datetime(self.env, self.deadline, tz=self.env.context.get("tz"))

    def _schedule_staff_activity(self, users, summary, note, date_deadline):
        """One to-do activity per user (the request's responsible staff, in practice).
        ``summary`` and ``note`` are functions of the request in the user's language."""
        for user in users:
            request = self._for_reader(user.partner_id)
            request.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=date_deadline,
                summary=summary(request), note=note(request), user_id=user.id,
            )

    def _escalate_due_soon(self):
        for request in self:
            request._schedule_staff_activity(
                request._get_responsible_staff(),
                lambda reader: reader.env._(
                    "Answer %(request)s before its deadline", request=reader.name,
                ),
                lambda reader: reader.env._(
                    "The customer must have an answer by %(deadline)s.",
                    deadline=reader._format_deadline(),
                ),
                request.deadline.date(),
            )
            request.sla_due_soon_escalated = True

    def _escalate_overdue(self):
        for request in self:
            admins = request._get_development_administrators()
            reader = request._for_reader(admins.partner_id)
            reader.message_post(
                body=reader.env._(
                    "This request is overdue: the customer should have had an answer by "
                    "%(deadline)s.",
                    deadline=reader._format_deadline(),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
                partner_ids=admins.partner_id.ids,
            )
            request.sla_overdue_escalated = True
