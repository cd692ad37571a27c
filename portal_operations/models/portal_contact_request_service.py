# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fale Conosco as a customer-service channel (Decreto nº 11.034/2022 for SAC channels):
the protocol receipt, an answer deadline (seven calendar days by default) and its
escalation, the mail gateway (alias ``portal_operations.mail_alias_contact_request``:
a known customer's e-mail opens a request, a reply lands in its request's thread), and
the customer's rating of the answer (Odoo's ``rating.mixin``, 1 to 5)."""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from odoo.addons.mail.tools.alias_error import AliasError

from .portal_contact_request import ADMIN_GROUP, STATE_PENDING, STATE_READ
from .rating_rating import RATING_MAX, RATING_MIN

# A request waits for an answer in these states; the deadline is met by its first
# public parecer, whatever came after.
WAITING_STATES = (STATE_PENDING, STATE_READ)
DUE_SOON = timedelta(hours=24)
ESCALATION_BATCH = 200

MAIL_TEMPLATE_CONFIRMATION = "portal_operations.mail_template_contact_request_confirmation"
EMAIL_TYPE_PARAM = "portal_operations.contact_email_type_id"
NO_REPLY_NOTICE = "portal_contact_opened_by_email"

# A public parecer with one of these statuses ends the request: the customer is asked.
RATED_STATES = ("resolved", "closed")
# Ratings up to this one call for a look by the responsible staff.
POOR_RATING = 2
MAIL_TEMPLATE_RATING = "portal_operations.mail_template_contact_request_rating"


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
    answer_rated = fields.Boolean(
        readonly=True, copy=False,
        help="The customer rated the final answer: one rating per final answer, a new "
        "final answer (after the request was reopened) asks again.",
    )

    # The overdue and due-soon filters read requests waiting for their first answer by
    # deadline: a small partial index, whatever the number of answered requests, that
    # also holds what the list filters (record rules) and sorts on, so that counting and
    # paging need no visit to the table.
    _waiting_deadline_idx = models.Index(
        "(deadline) INCLUDE (development_id, company_id, is_pending, date, id) "
        "WHERE first_answer_date IS NULL AND state IN ('pending', 'read')",
    )
    # The list's order (``_order``: pending first, oldest first) without sorting the
    # table; the ORM sorts a boolean as ``COALESCE(is_pending, FALSE)``.
    _list_order_idx = models.Index("(COALESCE(is_pending, FALSE) DESC, date, id)")

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


    # ------------------------------------------------------------
    # Protocol
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._send_protocol_confirmation()
        return requests

    def _send_protocol_confirmation(self):
        """The customer's receipt: the protocol number and the expected answer date, by
        e-mail and in the thread they read on the portal. Written in the company's name
        (the customer's own message would count as a reply) and posted by OdooBot, as the
        mail gateway does: the user who acts is never notified, and that may be the
        customer."""
        odoobot = self.env.ref("base.user_root")
        for request in self.sudo().with_user(odoobot):
            request.message_post_with_source(
                MAIL_TEMPLATE_CONFIRMATION,
                author_id=request.company_id.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------

    @api.model
    def _get_known_customer_contracts(self, partner):
        """The published contracts of ``partner``: having one makes a known customer."""
        Contract = self.env["realestate.contract"].sudo()
        return Contract.search(Contract._get_portal_domain(partner)) if partner else Contract

    @api.model
    def _get_email_request_type(self):
        """The type of the requests opened by e-mail (setting *E-mail request type*),
        else the first active type."""
        type_id = self.env["ir.config_parameter"].sudo().get_param(EMAIL_TYPE_PARAM)
        Type = self.env["portal.contact.request.type"].sudo()
        request_type = Type.browse(int(type_id)).exists() if type_id and type_id.isdigit() else Type
        return request_type.filtered("active") or Type.search([], limit=1)

    def _alias_get_error(self, message, message_dict, alias):
        error = super()._alias_get_error(message, message_dict, alias)
        if error or self.ids:
            return error
        # A new request: only customers write to Fale Conosco.
        author = self.env["res.partner"].browse(message_dict.get("author_id"))
        if not self._get_known_customer_contracts(author):
            return AliasError(
                "error_not_a_customer",
                self.env._("restricted to customers with a contract"),
            )
        if not self._get_email_request_type():
            return AliasError(
                "config_no_request_type", self.env._("no Fale Conosco request type"), True,
            )
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail from a known customer to the alias: a request of the e-mail type,
        about their only contract (or development) when they have one."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        contracts = self._get_known_customer_contracts(author)
        developments = contracts.development_id
        vals = {
            "partner_id": author.id,
            "type_id": self._get_email_request_type().id,
            "contract_id": contracts.id if len(contracts) == 1 else False,
            "development_id": developments.id if len(developments) == 1 else False,
            "subject": (msg_dict.get("subject") or "").strip()[:200] or self.env._("(no subject)"),
            "message": msg_dict.get("body") or tools.plaintext2html(self.env._("(empty message)")),
            "company_id": contracts[:1].company_id.id or self.env.company.id,
            **(custom_values or {}),
        }
        request = self.create(vals)
        # The e-mail becomes the request's first message: not a reply to notify about.
        return request.with_context(**{NO_REPLY_NOTICE: True})

    # ------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------


    def _is_rateable(self):
        self.ensure_one()
        return self.state in RATED_STATES and bool(self.first_answer_date)

    def _add_opinion(self, status, text, internal=False):
        # resolved -> closed is the same final answer: the customer is asked once
        new_final_answer = not internal and status in RATED_STATES \
            and self.portal_state not in RATED_STATES
        opinion = super()._add_opinion(status, text, internal)
        if new_final_answer:
            self.sudo().answer_rated = False
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
        if self.answer_rated:
            raise UserError(self.env._(
                "You already rated this answer: %(score)s/5.", score=int(self._get_answer_rating().rating),
            ))
        return self.rating_apply(
            score, token=token or self._rating_get_access_token(), feedback=(feedback or "").strip() or None,
        )

    def _get_answer_rating(self):
        """The customer's rating of the final answer (the latest consumed one)."""
        self.ensure_one()
        return self.sudo().rating_ids.filtered("consumed").sorted("id", reverse=True)[:1]

    def _check_can_rate(self):
        """Only the customer rates the answer to their request: the portal and the
        e-mail link call ``rating_apply`` with sudo after checking it; staff never do."""
        for request in self:
            customer = request.partner_id.commercial_partner_id
            if not self.env.su and self.env.user.partner_id.commercial_partner_id != customer:
                raise AccessError(self.env._(
                    "Only the customer rates the answer to their request.",
                ))

    def _check_rating_score(self, score):
        if not isinstance(score, int) or not RATING_MIN <= score <= RATING_MAX:
            raise UserError(self.env._(
                "Rate the answer from %(min)s to %(max)s.", min=RATING_MIN, max=RATING_MAX,
            ))

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None,
                     notify_delay_send=False):
        # here, not in the portal's route: Odoo's own /rate/<token> routes call this too
        self._check_can_rate()
        self._check_rating_score(rate)
        if not all(request._is_rateable() for request in self):
            raise UserError(self.env._("This request has no final answer to rate yet."))
        self.ensure_one()
        if self.answer_rated:
            # one rating per final answer, whatever the route: a second attempt
            # (Odoo's /rate/<token>/submit_feedback too) leaves the first as it is
            return self._get_answer_rating()
        if token:
            rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        if not isinstance(rating, models.BaseModel) or not rating \
                or (rating.res_model, rating.res_id) != (self._name, self.id):
            raise UserError(self.env._("This rating is not of this request."))
        rating = super().rating_apply(
            rate, rating=rating, feedback=feedback, subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        self.sudo().answer_rated = True
        if rating.rating <= POOR_RATING:
            self._on_poor_rating(rating)
        return rating

    def message_post(self, **kwargs):
        # Odoo's chatter rates with a message (rating_value): a Fale Conosco answer is
        # rated through the rating flow only, once.
        if kwargs.get("rating_value"):
            raise AccessError(self.env._(
                "Rate the answer from the request page or the rating e-mail.",
            ))
        return super().message_post(**kwargs)

    def _on_poor_rating(self, rating):
        """A poor rating: the responsible staff take a look."""
        for request in self:
            request._schedule_staff_activity(
                request._get_responsible_staff(),
                lambda reader: reader.env._("Poor rating on %(request)s", request=reader.name),
                lambda reader: reader.env._(
                    "The customer rated the answer %(score)s/5: %(feedback)s",
                    score=int(rating.rating), feedback=rating.feedback or "-",
                ),
                fields.Date.context_today(request),
            )

    # ------------------------------------------------------------
    # Replies
    # ------------------------------------------------------------

    def _is_customer_reply(self, message):
        # The e-mail that opened the request and the customer's rating are posted in the
        # thread, yet neither is a reply to tell the staff about.
        return (
            not self.env.context.get(NO_REPLY_NOTICE)
            and not message.rating_id
            and super()._is_customer_reply(message)
        )
