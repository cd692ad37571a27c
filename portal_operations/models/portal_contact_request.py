# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fale Conosco: the customer's request, and the customer-service channel around it
(Decreto nº 11.034/2022 for SAC channels): the protocol receipt, an answer deadline
(seven calendar days by default) and its escalation, the mail gateway (alias
``portal_operations.mail_alias_contact_request``: a known customer's e-mail opens a
request, a reply lands in its request's thread), and the customer's rating of the
answer (Odoo's ``rating.mixin``, 1 to 5)."""

import base64
import uuid
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import file_open, html2plaintext
from odoo.tools.pdf import DependencyError, PdfReadError, extract_page

from odoo.addons.mail.tools.alias_error import AliasError

from ..constants import ADMIN_GROUP, CONTACT_REQUEST_STATES
from ..validation import control_characters_errors
from .rating_rating import RATING_MAX, RATING_MIN

STATE_PENDING = "pending"
STATE_READ = "read"

NOTIFY_FLAG = "portal_notify_contact_request"
MAIL_TEMPLATE_NEW = "portal_operations.mail_template_contact_request_new"
MAIL_TEMPLATE_REPLY = "portal_operations.mail_template_contact_request_reply"
SUBJECT_MAX_LENGTH = 200
# The message's upper bound, in characters of text: the form and the ORM refuse longer.
MESSAGE_MAX_LENGTH = 10000
# The same request sent again within this time (a double click, a resent form, two tabs)
# is the same request.
RESENT_WITHIN = timedelta(minutes=10)

MAIL_TEMPLATE_CONFIRMATION = "portal_operations.mail_template_contact_request_confirmation"
EMAIL_TYPE_PARAM = "portal_operations.contact_email_type_id"
NO_REPLY_NOTICE = "portal_contact_opened_by_email"

# A public parecer with one of these statuses ends the request: the customer is asked.
RATED_STATES = ("resolved", "closed")
# Ratings up to this one call for a look by the responsible staff.
POOR_RATING = 2
MAIL_TEMPLATE_RATING = "portal_operations.mail_template_contact_request_rating"


class PortalContactRequest(models.Model):
    """A Fale Conosco request: a customer writes from the portal; staff answer with
    pareceres (``portal.contact.opinion``).

    ==================  ===================================================
    who                 may
    ==================  ===================================================
    portal customer     create (through the portal controller only), read
                        their own requests, reply in the thread, rate the
                        final answer
    operator            read the requests of their developments
    administrator       read, mark as read by opening, add pareceres
    ==================  ===================================================

    Company: its customer's contract's (else the current one); staff work in their
    allowed companies.
    """

    _name = "portal.contact.request"
    _description = "Fale Conosco Request"
    # rating.mixin: the customer rates the answer (see Rating).
    _inherit = [
        "portal.mixin", "portal.operations.customer.thread", "portal.operations.service.level",
        "rating.mixin", "mail.thread", "mail.activity.mixin",
    ]
    _order = "is_pending desc, date, id"
    _rec_names_search = ["name", "subject", "partner_id"]
    # The customer only reads the request, yet replies in its thread.
    _mail_post_access = "read"

    # A request waits for an answer in these states (see Deadline).
    _waiting_states = (STATE_PENDING, STATE_READ)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Made with the record: the read-only portal routes (a read replica may serve them)
    # never have to write one (portal.mixin would on first view, for the pager too).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
    )
    type_id = fields.Many2one(
        "portal.contact.request.type", string="Request Type", required=True, index=True,
        ondelete="restrict", tracking=True,
    )
    contract_id = fields.Many2one(
        "realestate.contract", index=True, tracking=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    development_id = fields.Many2one(
        "realestate.development", compute="_compute_location",
        store=True, readonly=False, precompute=True, index=True, tracking=True,
    )
    block_id = fields.Many2one(
        "realestate.block", compute="_compute_location", store=True,
        readonly=False, precompute=True, index=True,
        domain="[('development_id', '=', development_id)]",
    )
    subject = fields.Char(required=True)
    message = fields.Html(required=True, sanitize=True, sanitize_overridable=False)
    state = fields.Selection(
        CONTACT_REQUEST_STATES, string="Status", required=True, default=STATE_PENDING, index=True,
        tracking=True, copy=False,
    )
    portal_state = fields.Selection(
        CONTACT_REQUEST_STATES, string="Status Seen by the Customer", required=True,
        default=STATE_PENDING, readonly=True, copy=False,
        help="The status as the customer sees it on the portal: an internal opinion "
        "does not change it.",
    )
    is_pending = fields.Boolean(compute="_compute_is_pending", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    opinion_ids = fields.One2many("portal.contact.opinion", "request_id", string="Opinions")
    opinion_count = fields.Integer(compute="_compute_opinion_count")
    last_opinion_id = fields.Many2one(
        "portal.contact.opinion", compute="_compute_opinion_stats",
        store=True,
    )
    last_opinion_text = fields.Text(related="last_opinion_id.text", string="Last Opinion Text")
    first_opinion_date = fields.Datetime(compute="_compute_opinion_stats", store=True)
    first_opinion_hours = fields.Float(
        string="Hours to First Opinion", compute="_compute_opinion_stats", store=True,
        aggregator="avg", digits=(12, 1),
        help="Time from the request to its first parecer, in hours.",
    )
    read_user_id = fields.Many2one("res.users", string="Read by", readonly=True, copy=False)
    read_date = fields.Datetime(string="Read on", readonly=True, copy=False)
    attachment_ids = fields.Many2many(
        "ir.attachment", "portal_contact_request_ir_attachment_rel", "request_id", "attachment_id",
        string="Attachments", copy=False,
        help="The files the customer sent with the request (other files of the thread are "
        "not listed here).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, compute="_compute_company_id", store=True,
        readonly=False, precompute=True,
    )

    # The answer deadline (portal.operations.service.level; see Deadline)
    deadline = fields.Datetime(
        help="When the customer must have an answer: the registration date plus the "
        "deadline of the request type, in calendar days. A reply of the customer does "
        "not move it; the first public opinion meets it.",
    )
    first_answer_date = fields.Datetime(
        compute="_compute_first_answer", store=True,
        help="Date of the first public opinion: the customer's first answer.",
    )
    first_answer_hours = fields.Float(
        string="Hours to First Answer", compute="_compute_first_answer", store=True,
        aggregator="avg", digits=(12, 1),
        help="Time from the request to its first public opinion, in hours.",
    )
    # The customer's rating of the answer (see Rating)
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
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("contract_id", "partner_id")
    def _check_contract_partner(self):
        for request in self.filtered("contract_id"):
            customer = request.partner_id.commercial_partner_id
            if request.contract_id.partner_id.commercial_partner_id != customer:
                raise ValidationError(self.env._(
                    "The contract %(contract)s is not a contract of %(customer)s.",
                    contract=request.contract_id.code, customer=request.partner_id.name,
                ))

    @api.constrains("contract_id", "development_id", "block_id")
    def _check_location(self):
        for request in self:
            contract = request.contract_id
            if contract and contract.development_id != request.development_id:
                raise ValidationError(self.env._(
                    "The contract %(contract)s is not in the development %(development)s.",
                    contract=contract.code, development=request.development_id.display_name,
                ))
            if request.block_id and request.block_id.development_id != request.development_id:
                raise ValidationError(self.env._(
                    "The block %(block)s is not in the development %(development)s.",
                    block=request.block_id.name, development=request.development_id.display_name,
                ))

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("contract_id")
    def _compute_location(self):
        for request in self.filtered("contract_id"):
            request.development_id = request.contract_id.development_id
            request.block_id = request.contract_id.block_id

    @api.depends("contract_id", "development_id", "partner_id")
    def _compute_company_id(self):
        """A request follows its customer's company (that of the contract or development
        it is about, else the customer's)."""
        for request in self:
            request.company_id = (
                request.contract_id.company_id or request.development_id.company_id
                or request.partner_id.company_id or request.company_id or self.env.company
            )

    @api.depends("state")
    def _compute_is_pending(self):
        for request in self:
            request.is_pending = request.state == STATE_PENDING

    def _compute_opinion_count(self):
        counts = dict(self.env["portal.contact.opinion"]._read_group(
            [("request_id", "in", self.ids)], ["request_id"], ["__count"],
        ))
        for request in self:
            request.opinion_count = counts.get(request, 0)

    @api.depends("opinion_ids.date", "date")
    def _compute_opinion_stats(self):
        for request in self:
            opinions = request.opinion_ids.sorted(lambda o: (o.date, o.id))
            request.last_opinion_id = opinions[-1:]
            request.first_opinion_date = opinions[:1].date
            request.first_opinion_hours = request._hours_to(opinions[:1])

    def _hours_to(self, opinion):
        """Hours from the request to ``opinion`` (a parecer, or none: 0)."""
        self.ensure_one()
        return (opinion.date - self.date).total_seconds() / 3600 if opinion and self.date else 0.0

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/contact/{request.id}"
        return result

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for request in self:
            parts = (request.name, request.subject)
            request.display_name = " - ".join(part for part in parts if part)

    # ------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------

    @api.model
    def _text_errors(self, vals):
        """What the portal's form refuses in the subject and the message, by field name,
        with the form's messages; the ORM refuses the same (``create``, ``write``)."""
        errors = {}
        subject = vals.get("subject")
        if "subject" in vals and (not isinstance(subject, str) or not subject.strip()):
            errors["subject"] = self.env._("Write the subject of your request.")
        elif "subject" in vals and len(subject.strip()) > SUBJECT_MAX_LENGTH:
            errors["subject"] = self.env._(
                "The subject is too long: at most %(max)s characters.", max=SUBJECT_MAX_LENGTH,
            )
        message_text = html2plaintext(vals["message"] or "").strip() if "message" in vals else ""
        if "message" in vals and not message_text:
            errors["message"] = self.env._("Write your message.")
        elif "message" in vals and (
            len(message_text) > MESSAGE_MAX_LENGTH or len(vals["message"]) > 4 * MESSAGE_MAX_LENGTH
        ):
            errors["message"] = self.env._(
                "The message is too long: at most %(max)s characters.", max=MESSAGE_MAX_LENGTH,
            )
        errors.update(control_characters_errors(
            self.env, {name: vals[name] for name in ("subject", "message") if name in vals},
            lambda name: self._fields[name]._description_string(self.env),
        ))
        return errors

    def _check_texts(self, vals):
        errors = self._text_errors(vals)
        if errors:
            raise ValidationError("\n".join(errors.values()))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_texts(vals)
            if not vals.get("name"):
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._name) or "/"
        requests = super().create(vals_list)
        for request in requests:
            request.message_subscribe(partner_ids=request.partner_id.ids)
        requests._send_staff_mail(MAIL_TEMPLATE_NEW)
        requests._send_protocol_confirmation()
        return requests

    @api.model
    def _find_resent(self, vals):
        """The request ``vals`` (from the portal form) already made, when the customer
        sends the same again within ``RESENT_WITHIN``; waits for a submission of the
        same customer running at the same time (see ``_lock_customer``)."""
        self.env["portal.change.request"]._lock_customer(self.env["res.partner"].browse(vals["partner_id"]))
        candidates = self.sudo().search([
            ("partner_id", "=", vals["partner_id"]), ("type_id", "=", vals["type_id"]),
            ("contract_id", "=", vals.get("contract_id") or False),
            ("development_id", "=", vals.get("development_id") or False),
            ("subject", "=", vals["subject"]),
            ("date", ">=", fields.Datetime.now() - RESENT_WITHIN),
        ], order="date desc, id desc")
        message = self._fields["message"].convert_to_cache(vals["message"], self)
        return candidates.filtered(lambda request: request.message == message)[:1]

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None,
                        count_limit=None):
        # Lists and kanbans read many requests at once: that is not opening one.
        return super(PortalContactRequest, self.with_context(portal_contact_no_receipt=True)) \
            .web_search_read(domain, specification, offset=offset, limit=limit, order=order,
                             count_limit=count_limit)

    def web_read(self, specification):
        """Opening a request in the form view is reading it: an administrator's first
        opening of a pending request records the read receipt."""
        if len(self) == 1 and not self.env.context.get("portal_contact_no_receipt"):
            self._mark_read()
        return super().web_read(specification)

    # Opening may write the read receipt: the RPC needs a read/write cursor.
    web_read._readonly = False

    def _creation_message(self):
        # mail's "%s created" would make the (feminine) solicitação masculine in pt_BR
        return self.env._("Fale Conosco request created")

    def write(self, vals):
        self._check_texts(vals)
        # Every status change reaches the customer except an internal opinion's.
        if "state" in vals and not self.env.context.get("portal_contact_internal_opinion"):
            vals = {**vals, "portal_state": vals["state"]}
        return super().write(vals)

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if self._is_customer_reply(message):
            # sudo: the customer only reads the request; what follows is the system's doing
            self.sudo()._on_customer_reply()
        return result

    @api.autovacuum
    def _gc_unsent_attachments(self):
        """Files kept from a refused portal form (``res_id`` 0) that were never sent."""
        self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "=", 0),
            ("create_date", "<", fields.Datetime.now() - timedelta(days=1)),
        ]).unlink()

    @api.model
    def _set_unreadable_pdf_thumbnails(self, attachments):
        """A PDF whose first page cannot be read gets the file icon as its thumbnail at
        once, as Odoo's chatter would set it itself: the chatter then never asks the
        server for that page, which it refuses (``415 Unsupported Media Type`` in the
        customer's browser console)."""
        pdfs = attachments.sudo().filtered(lambda a: a.mimetype == "application/pdf" and not a.thumbnail)
        for attachment in pdfs:
            try:
                readable = bool(extract_page(attachment, 0))
            except (PdfReadError, DependencyError, UnicodeDecodeError, ValueError, KeyError):
                readable = False
            if not readable:
                with file_open("web/static/img/mimetypes/unknown.svg", "rb") as icon:
                    attachment.thumbnail = base64.b64encode(icon.read())

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_add_opinion(self):
        self.ensure_one()
        self._check_can_add_opinion()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Opinion"),
            "res_model": "portal.contact.opinion.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_list_opinions(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "portal_operations.portal_contact_opinion_action",
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"create": False}
        action["name"] = self.env._("Opinions of %(request)s", request=self.name)
        return action

    # ------------------------------------------------------------
    # Deadline (portal.operations.service.level)
    # ------------------------------------------------------------

    @api.depends("type_id")
    def _compute_deadline(self):
        return super()._compute_deadline()

    def _deadline_days(self):
        """The deadline of the request's type."""
        self.ensure_one()
        return self.type_id.sla_days

    @api.depends("opinion_ids.date", "opinion_ids.internal", "date")
    def _compute_first_answer(self):
        for request in self:
            public = request.opinion_ids.filtered(lambda o: not o.internal)
            first = public.sorted(lambda o: (o.date, o.id))[:1]
            request.first_answer_date = first.date
            request.first_answer_hours = request._hours_to(first)

    def _get_responsible_staff(self):
        """Who answers the request: the staff responsible for its type, else the
        administrators of its development."""
        self.ensure_one()
        users = self.type_id.user_ids.filtered(lambda user: user.active and not user.share)
        return users or self._get_development_administrators()

    def _get_development_administrators(self):
        self.ensure_one()
        return self.env["res.users"]._portal_operations_staff(self.development_id, ADMIN_GROUP)

    # ------------------------------------------------------------
    # Protocol
    # ------------------------------------------------------------

    def _send_protocol_confirmation(self):
        """The customer's receipt: the protocol number and the expected answer date, by
        e-mail and in the thread they read on the portal. Written in the company's name
        (the customer's own message would count as a reply) and posted by OdooBot, as the
        mail gateway does: the user who acts is never notified, and that may be the
        customer."""
        odoobot = self.env.ref("base.user_root")
        self.sudo().with_user(odoobot)._message_post_from_company(MAIL_TEMPLATE_CONFIRMATION)

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
    # Business methods
    # ------------------------------------------------------------

    def _is_portal_operations_admin(self):
        return self.env.user.has_group(ADMIN_GROUP)

    def _check_can_add_opinion(self, status=None):
        """Administrators of the requests' companies and developments answer them."""
        if not self._is_portal_operations_admin():
            raise AccessError(self.env._(
                "Only administrators add opinions to Fale Conosco requests.",
            ))
        self.check_access("write")
        if status is not None and status not in dict(CONTACT_REQUEST_STATES):
            raise UserError(self.env._("Unknown opinion status: %(status)s.", status=status))

    def _prepare_opinion_vals(self, status, text, internal):
        self.ensure_one()
        return {
            "request_id": self.id,
            "state": status,
            "text": text.strip(),
            "internal": internal,
            "author_id": self.env.user.id,
        }

    def _add_opinion(self, status, text, internal=False):
        """Answer the request with a parecer: record it, give the request its status and
        post it in the thread; a public parecer reaches the customer by e-mail and on
        the portal, an internal one stays among staff. A public parecer that resolves or
        closes the request asks the customer to rate the answer (see Rating).

        :param str status: one of ``CONTACT_REQUEST_STATES``
        :param str text: the parecer
        :param bool internal: staff only
        :return: the new ``portal.contact.opinion``
        """
        self.ensure_one()
        self._check_can_add_opinion(status)
        if not (text or "").strip():
            raise UserError(self.env._("Write the opinion before saving it."))
        # resolved -> closed is the same final answer: the customer is asked to rate once
        new_final_answer = not internal and status in RATED_STATES \
            and self.portal_state not in RATED_STATES
        opinion = self.env["portal.contact.opinion"].create(
            self._prepare_opinion_vals(status, text, internal),
        )
        self.with_context(portal_contact_internal_opinion=internal).write({"state": status})
        opinion._post_in_request_thread()
        if new_final_answer:
            self.sudo().answer_rated = False
            self._send_rating_request()
        return opinion

    def _mark_read(self):
        """Read receipt: an administrator reading a pending request makes it ``read``,
        recording who and when (also logged in the chatter by the status tracking)."""
        if not self._is_portal_operations_admin():
            return
        pending = self.filtered(lambda r: r.state == STATE_PENDING)
        if pending:
            pending.write({
                "state": STATE_READ,
                "read_user_id": self.env.user.id,
                "read_date": fields.Datetime.now(),
            })

    def _is_customer_reply(self, message):
        """A message of the customer in the thread: a reply to tell the staff about.
        The e-mail that opened the request and the customer's rating are posted in the
        thread too, yet neither is one."""
        self.ensure_one()
        return (
            not self.env.context.get(NO_REPLY_NOTICE)
            and not message.rating_id
            and message.message_type in ("comment", "email")
            and not message.is_internal
            and not message.subtype_id.internal
            and message.author_id == self.partner_id
        )

    def _on_customer_reply(self):
        """The customer wrote again: the request waits for staff once more, and the staff
        who want it (and do not follow the request already) get an e-mail."""
        self.filtered(lambda r: r.state != STATE_PENDING).write({"state": STATE_PENDING})
        self._send_staff_mail(MAIL_TEMPLATE_REPLY, exclude_followers=True)

    def _get_staff_to_notify(self):
        """Staff who get Fale Conosco e-mails about this request: those of its
        development and those responsible for its type, when they opted in."""
        self.ensure_one()
        users = self.env["res.users"]._portal_operations_staff_to_notify(
            self.development_id, NOTIFY_FLAG,
        )
        return users | self.sudo().type_id.user_ids.filtered(
            lambda user: user[NOTIFY_FLAG] and not user.share and user.active,
        )

    def _send_staff_mail(self, template_xmlid, exclude_followers=False):
        """E-mail the staff to notify (``_get_staff_to_notify``) with the template."""
        for request in self:
            users = request._get_staff_to_notify()
            if exclude_followers:
                users = users.filtered(
                    lambda u, followers=request.message_partner_ids: u.partner_id not in followers,
                )
            users._portal_operations_mail_staff(request, template_xmlid)

    def _get_last_customer_message(self):
        """The customer's latest message in the thread (for the staff e-mail)."""
        self.ensure_one()
        return self.env["mail.message"].sudo().search([
            ("model", "=", self._name), ("res_id", "=", self.id),
            ("author_id", "=", self.partner_id.id),
            ("message_type", "in", ("comment", "email")),
        ], limit=1, order="id desc")
