# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import file_open, html2plaintext
from odoo.tools.pdf import DependencyError, PdfReadError, extract_page

from ..validation import control_characters_errors

# Status of a request (and of a parecer, which sets it); "Todos" in the staff list is
# simply no status filter.
REQUEST_STATES = [
    ("pending", "Pending"),
    ("read", "Read"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("observation", "Observation"),
]
STATE_PENDING = "pending"
STATE_READ = "read"

ADMIN_GROUP = "portal_operations.group_portal_operations_admin"
NOTIFY_FLAG = "portal_notify_contact_request"
MAIL_TEMPLATE_NEW = "portal_operations.mail_template_contact_request_new"
MAIL_TEMPLATE_REPLY = "portal_operations.mail_template_contact_request_reply"
SUBJECT_MAX_LENGTH = 200
# The message's upper bound, in characters of text: the form and the ORM refuse longer.
MESSAGE_MAX_LENGTH = 10000
# The same request sent again within this time (a double click, a resent form, two tabs)
# is the same request.
RESENT_WITHIN = timedelta(minutes=10)


class PortalContactRequest(models.Model):
    """A Fale Conosco request: a customer writes from the portal; staff answer with
    pareceres (``portal.contact.opinion``).

    ==================  ===================================================
    who                 may
    ==================  ===================================================
    portal customer     create (through the portal controller only), read
                        their own requests, reply in the thread
    operator            read the requests of their developments
    administrator       read, mark as read by opening, add pareceres
    ==================  ===================================================

    Company: its customer's contract's (else the current one); staff work in their
    allowed companies.
    """

    _name = "portal.contact.request"
    _description = "Fale Conosco Request"
    # rating.mixin: the customer rates the answer (portal_contact_request_service.py).
    _inherit = [
        "portal.mixin", "portal.operations.customer.thread", "rating.mixin", "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "is_pending desc, date, id"
    _rec_names_search = ["name", "subject", "partner_id"]
    # The customer only reads the request, yet replies in its thread.
    _mail_post_access = "read"

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
        REQUEST_STATES, string="Status", required=True, default=STATE_PENDING, index=True,
        tracking=True, copy=False,
    )
    portal_state = fields.Selection(
        REQUEST_STATES, string="Status Seen by the Customer", required=True,
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
            first = opinions[:1]
            request.first_opinion_date = first.date
            request.first_opinion_hours = (
                (first.date - request.date).total_seconds() / 3600
                if first and request.date else 0.0
            )

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
        if status is not None and status not in dict(REQUEST_STATES):
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
        the portal, an internal one stays among staff.

        :param str status: one of ``REQUEST_STATES``
        :param str text: the parecer
        :param bool internal: staff only
        :return: the new ``portal.contact.opinion``
        """
        self.ensure_one()
        self._check_can_add_opinion(status)
        if not (text or "").strip():
            raise UserError(self.env._("Write the opinion before saving it."))
        opinion = self.env["portal.contact.opinion"].create(
            self._prepare_opinion_vals(status, text, internal),
        )
        self.with_context(portal_contact_internal_opinion=internal).write({"state": status})
        opinion._post_in_request_thread()
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
        self.ensure_one()
        return (
            message.message_type in ("comment", "email")
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
