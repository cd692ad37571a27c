# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets
import uuid
from collections.abc import Collection

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd
from odoo.tools import SQL

from ..constants import ADMIN_GROUP, CHANGE_REQUEST_STATES, CHANGE_SYNC_STATES
from ..sync.change_history import lines_to_send
from ..validation import (
    PORTAL,
    cep_state_problem,
    check_personal_data,
    personal_data_error,
    personal_data_messages,
    problem_message,
)

# Draws the order of approval (``approval_sequence``; see ``sync.change_history``).
APPROVAL_SEQUENCE = "portal_change_request_approval_seq"
# Requests whose staff e-mails the queued job renders between two commits.
STAFF_NOTIFICATION_BATCH = 50
# the fields of ``_in_developments_domain``, by which the record rules scope the staff
DEVELOPMENT_FIELDS = frozenset({"development_id", "development_ids", "several_developments"})


class PortalChangeRequest(models.Model):
    """A customer's request to change their registration data (alteração cadastral).

    =====================  ======================================================
    who                    may
    =====================  ======================================================
    customer (portal)      submit (``_submit``), read their own, withdraw
    operator               read the requests of their developments
    administrator          correct, approve, confirm and approve, reject, discard
    =====================  ======================================================

    Nothing reaches the partner or Mega ERP before approval (unless the settings make a
    field or the whole approval automatic); approval writes the partner and marks the
    request ``to_sync`` for the synchronization.

    Company: its customer's (``_customer_company``); staff work in their allowed companies.
    """

    _name = "portal.change.request"
    _description = "Registration Change Request"
    _inherit = [
        "portal.mixin", "portal.operations.customer.thread", "mail.thread", "mail.activity.mixin",
    ]
    _order = "date_submitted desc, id desc"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    # Made with the record: the read-only portal routes (a read replica may serve them)
    # never have to write one (portal.mixin would on first view, for the pager too).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True,
    )
    partner_cpf_cnpj = fields.Char(related="partner_id.cpf_cnpj", string="CPF/CNPJ")
    submitted_by_id = fields.Many2one(
        "res.users", string="Submitted by", readonly=True, default=lambda self: self.env.user,
    )
    date_submitted = fields.Datetime(
        string="Submitted on", required=True, readonly=True, default=fields.Datetime.now,
    )
    state = fields.Selection(
        CHANGE_REQUEST_STATES, required=True, default="pending", readonly=True, tracking=True,
    )
    line_ids = fields.One2many(
        "portal.change.request.line", "request_id", string="Changes", readonly=True,
    )
    original_values = fields.Json(
        readonly=True, help="The customer's personal data when the request was submitted.",
    )
    contract_ids = fields.Many2many(
        "realestate.contract", string="Contracts", readonly=True,
    )
    development_ids = fields.Many2many(
        "realestate.development", string="Developments", readonly=True,
    )
    development_id = fields.Many2one(
        "realestate.development", string="Main Development", readonly=True, index=True,
        help="The development of the customer's first contract, for reporting.",
    )
    # Most customers buy in one development: their requests are found by their main
    # development (a column, indexed), the others through the developments' relation.
    several_developments = fields.Boolean(
        compute="_compute_several_developments", store=True, readonly=True,
        help="The request's developments are not just its main development.",
    )
    changed_fields = fields.Char(compute="_compute_changed_fields")
    has_corrections = fields.Boolean(compute="_compute_has_corrections", store=True)
    auto_approved = fields.Boolean(
        readonly=True, help="Approved at submission by the Parâmetros Cadastrais.",
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    date_decided = fields.Datetime(string="Decided on", readonly=True)
    reject_reason = fields.Text(string="Rejection Reason", readonly=True)
    superseded_by_id = fields.Many2one(
        "portal.change.request", string="Superseded by", readonly=True, index="btree_not_null",
    )
    sync_state = fields.Selection(
        CHANGE_SYNC_STATES, string="Mega ERP", readonly=True, copy=False, index="btree_not_null",
        tracking=True,
    )
    sync_error = fields.Text(string="Mega ERP Error", readonly=True, copy=False)
    approval_sequence = fields.Integer(
        readonly=True, copy=False, index="btree_not_null",
        help="Order of approval: a customer's approved changes reach Mega ERP in this order.",
    )
    sync_token = fields.Char(
        readonly=True, copy=False,
        help="Random token drawn at approval; the idempotency keys of the ERP calls carry it, "
        "so no other approval (even in a restored copy of the database) reuses them.",
    )
    sync_superseded_fields = fields.Char(
        string="Replaced by a later change", compute="_compute_sync_superseded_fields",
        help="Fields a later approved change of the customer carries: their value here is "
        "not sent to Mega ERP again.",
    )
    review_html = fields.Html(compute="_compute_review_html", sanitize=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company,
    )
    # Set on a request to review when the customer submits it; the queued job that
    # e-mails the staff about it (``_cron_notify_staff``) clears it.
    staff_notification_due = fields.Boolean(readonly=True, copy=False)

    _pending_by_date = models.Index("(state, date_submitted DESC)")
    _staff_notification_due_idx = models.Index("(id) WHERE staff_notification_due")
    # The review list (pending requests of a development, newest first) and its counters
    # at a million requests; see _in_developments_domain and bench/README.md.
    _pending_by_development = models.Index(
        "(development_id, date_submitted DESC, id DESC) WHERE state = 'pending'"
    )
    _several_developments_by_date = models.Index(
        "(state, date_submitted DESC) WHERE several_developments IS TRUE"
    )

    # ------------------------------------------------------------
    # Search
    # ------------------------------------------------------------

    @api.model
    def _in_developments_domain(self, development_ids):
        """``('development_ids', 'in', development_ids)``, as the record rules write it:
        the main development (``development_id``) answers for the requests that have no
        other, the relation for the others. A search on ``development_ids`` is read
        this way too (``_search``), so that PostgreSQL finds a development's requests
        by an index instead of probing the relation for each request."""
        return Domain([
            "|", "&", ("several_developments", "=", False), ("development_id", "in", development_ids),
            "&", ("several_developments", "=", True), ("development_ids", "in", development_ids),
        ])

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False):
        domain = Domain(domain).optimize_full(self).map_conditions(self._read_development_condition)
        if not (self.env.su or bypass_access):
            domain = self._without_conditions_of_rules(domain)
        return super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=bypass_access,
        )

    @api.model
    def _read_development_condition(self, condition):
        """A condition on ``development_ids`` by ids, as ``_in_developments_domain``."""
        if (
            condition.field_expr == "development_ids" and condition.operator == "in"
            and isinstance(condition.value, Collection) and condition.value
            and all(isinstance(value, int) for value in condition.value)
        ):
            return self._in_developments_domain(list(condition.value))
        return condition

    @api.model
    def _without_conditions_of_rules(self, domain):
        """``domain`` without the top-level conditions the record rules add anyway.

        An administrator assigned to a development searches its requests (the search
        field, the default list): the search and the record rule then ask for the same
        ``development_ids`` condition, which PostgreSQL would check twice per request
        (two ``EXISTS`` on the relation; at a million requests the planner then misjudges
        the rows and reads the development's whole history). A condition dropped here is
        one the rules' domain holds at its top level, and the rules are applied to the
        query all the same (``_search`` adds them when it checks access): the records
        found are the same."""
        domain = Domain(domain).optimize_full(self)
        # only conditions on developments are worth it; the rules of others (a customer's
        # child_of) would cost their query at each search for nothing
        if not any(condition.field_expr in DEVELOPMENT_FIELDS for condition in domain.iter_conditions()):
            return domain
        rules = self.env["ir.rule"]._compute_domain(self._name, "read")
        if domain.is_true() or rules.is_true():
            return domain
        rules = rules.optimize_full(self.sudo().with_context(active_test=False))
        rule_conditions = rules.children if isinstance(rules, DomainAnd) else (rules,)
        conditions = domain.children if isinstance(domain, DomainAnd) else (domain,)
        kept = [condition for condition in conditions if condition not in rule_conditions]
        return domain if len(kept) == len(conditions) else Domain.AND(kept)

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("development_ids", "development_id")
    def _compute_several_developments(self):
        # the relation as stored, archived developments included: no read of the
        # developments to filter them out
        for request in self.with_context(active_test=False):
            request.several_developments = set(request.development_ids.ids) != set(request.development_id.ids)

    @api.depends("line_ids.rule_id")
    def _compute_changed_fields(self):
        for request in self:
            request.changed_fields = ", ".join(request.line_ids.rule_id.mapped("name"))

    @api.depends("line_ids.is_corrected")
    def _compute_has_corrections(self):
        for request in self:
            request.has_corrections = any(request.line_ids.mapped("is_corrected"))

    @api.depends("line_ids", "original_values", "state")
    def _compute_review_html(self):
        for request in self:
            request.review_html = self.env["ir.qweb"]._render(
                "portal_operations.change_request_review_table",
                {"rows": request._get_review_rows(), "show_current": request.state == "pending"},
            )

    @api.depends("state", "sync_state", "line_ids")
    def _compute_sync_superseded_fields(self):
        approved = self.filtered(lambda request: request.state == "approved" and request.sync_state and request.id)
        current = lines_to_send(approved) if approved else {}
        for request in self:
            superseded = request.line_ids - current.get(request, request.line_ids)
            request.sync_superseded_fields = ", ".join(superseded.rule_id.mapped("name"))

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/change-requests/{request.id}"
        return result

    def _get_review_rows(self):
        """One row per personal-data field: "Dados Pessoais – Originais" beside
        "Dados Pessoais – Alterados", the changed ones flagged."""
        self.ensure_one()
        lines = {line.field_name: line for line in self.line_ids}
        originals = self.original_values or {}
        rows = []
        for field_name, rule in self.env["portal.change.field.rule"]._get_rules(self.company_id).items():
            line = lines.get(field_name)
            original = line.old_value if line else originals.get(field_name, "")
            rows.append({
                "label": rule.name,
                "section": rule.section,
                "original": rule._display(original),
                "altered": rule._display(line.final_value) if line else rule._display(original),
                "changed": bool(line),
                "requested": line.requested_display if line and line.is_corrected else "",
                "current": line.current_display if line and line.has_drifted else "",
            })
        # What changed comes first, so the reviewer sees it without scrolling.
        rows.sort(key=lambda row: not row["changed"])
        return rows

    # ------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------

    def init(self):
        self.env.cr.execute(SQL("CREATE SEQUENCE IF NOT EXISTS %s", SQL.identifier(APPROVAL_SEQUENCE)))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("portal.change.request") or "/"
        return super().create(vals_list)

    def _creation_message(self):
        # mail's "%s created" would make the (feminine) solicitação masculine in pt_BR
        return self.env._("Registration change request created")

    # ------------------------------------------------------------
    # Submission (portal and code)
    # ------------------------------------------------------------

    @api.model
    def _validate_personal_data(self, partner, values, country=None, source=PORTAL):
        """Errors by field name for the requested ``values`` (``res.partner`` field names
        to values), in the reader's language; empty when all is well. See
        ``validation.check_personal_data`` (``source``: who typed them)."""
        return personal_data_messages(self.env, check_personal_data(self.env, partner, values, source, country))

    @api.model
    def _check_cep_matches_state(self, partner, values):
        """The message when the CEP and the UF of ``values`` (and the pending changes)
        disagree, else None (see ``validation.cep_state_problem``)."""
        problem = cep_state_problem(self.env, partner, values)
        return problem_message(self.env, "", problem) if problem else None

    @api.model
    def _submit(self, partner, values, country=None):
        """Ask to change ``partner``'s personal data to ``values`` (``res.partner`` field
        names to requested values).

        Unchanged values are ignored. Fields approved at once (or everything, in
        automatic mode) are written now and recorded as an approved request for Mega
        ERP; the others go to a pending request, which replaces (``inactive``) the
        customer's previous pending one and carries its changes.

        :return: the pending request, else the automatically approved one, else an
                 empty recordset when nothing changed
        :param country: the country of the address the change leaves (``res.country``),
                        when the same form changes it; else the partner's
        :raise ValidationError: when a value is invalid or a field is locked (its
                                ``errors``: the messages by field name)
        """
        partner.ensure_one()
        self._check_can_submit()
        self._lock_customer(partner)
        errors = self._validate_personal_data(partner, values, country=country)
        if errors:
            raise personal_data_error(errors)
        rules = self.env["portal.change.field.rule"]._get_rules(self._customer_company(partner))
        texts = {name: rules[name]._to_text(value) for name, value in values.items()}
        changed = {
            name: text for name, text in texts.items() if text != rules[name]._read_text(partner)
        }
        if not changed:
            return self.browse()
        automatic_mode = self._customer_company(partner).change_approval_mode == "automatic"
        automatic = {
            name: text for name, text in changed.items()
            if automatic_mode or rules[name].rule == "automatic"
        }
        to_review = {name: text for name, text in changed.items() if name not in automatic}

        approved = self.browse()
        if automatic:
            approved = self._create_for(partner, automatic, auto_approved=True)
            approved._do_approve()
        # whoever submits, every pending request of the customer is carried and superseded
        previous = self.sudo().search([("partner_id", "=", partner.id), ("state", "=", "pending")])
        if not to_review and not previous:
            return approved
        carried = {
            name: text for name, text in previous.sorted("date_submitted")._final_values().items()
            if name not in automatic
        }
        if len(previous) == 1 and not automatic and {**carried, **to_review} == carried:
            return previous.sudo(self.env.su)  # the same values again (a double click, a resent form, two tabs)
        pending = self._create_for(partner, {**carried, **to_review}) if (carried or to_review) else self.browse()
        previous._do_supersede(pending)
        pending._queue_staff_notification()
        return pending or approved

    @api.model
    def _pending_request(self, partner):
        """The customer's pending request (one at most), whoever asks."""
        return self.sudo().search([("partner_id", "=", partner.id), ("state", "=", "pending")], limit=1)

    def _final_values(self):
        """``{field name: final value}`` of the requests' lines (in order: a later
        request's value wins)."""
        return {line.field_name: line.final_value for line in self.line_ids}

    @api.model
    def _lock_customer(self, partner):
        """Serialize the submissions of one customer: of two sent together, the second
        fails to serialize, is retried by Odoo and then finds the first."""
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s", (partner.id,),
        )

    @api.model
    def _customer_company(self, partner):
        """A request follows its customer's company: the partner's, else that of their
        contracts, else the current one."""
        if partner.company_id or not partner.commercial_partner_id:
            return partner.company_id or self.env.company
        contract = self.env["realestate.contract"].sudo().search(
            [("partner_id", "child_of", partner.commercial_partner_id.id)], limit=1,
        )
        return contract.company_id or self.env.company

    @api.model
    def _create_for(self, partner, texts, auto_approved=False):
        rules = self.env["portal.change.field.rule"]._get_rules(self._customer_company(partner))
        snapshot = {name: rule._read_text(partner) for name, rule in rules.items()}
        texts = {name: text for name, text in texts.items() if text != snapshot[name]}
        if not texts:
            return self.browse()
        return self.sudo().create(
            self._prepare_request_vals(partner, rules, snapshot, texts, auto_approved)
        ).sudo(self.env.su)

    @api.model
    def _prepare_request_vals(self, partner, rules, snapshot, texts, auto_approved):
        contracts = self.env["realestate.contract"].sudo().search_fetch(
            [("partner_id", "child_of", partner.commercial_partner_id.id)], ["development_id"],
            order="signature_date, id",
        )
        return {
            "partner_id": partner.id,
            "submitted_by_id": self.env.user.id,
            "original_values": snapshot,
            "auto_approved": auto_approved,
            "staff_notification_due": not auto_approved,
            "company_id": self._customer_company(partner).id,
            "contract_ids": [Command.set(contracts.ids)],
            "development_ids": [Command.set(contracts.development_id.ids)],
            "development_id": contracts[:1].development_id.id,
            "line_ids": [
                Command.create({
                    "rule_id": rules[name].id,
                    "old_value": snapshot[name],
                    "requested_value": text,
                })
                for name, text in texts.items()
            ],
        }

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_approve(self):
        """Aprovar: approve the values as the customer asked for them."""
        self._check_can_decide()
        self._do_approve(use_corrections=False)
        return True

    def action_confirm_approve(self):
        """Confirmar/Aprovar: the corrected values become final and the request is
        approved in one step."""
        self._check_can_decide()
        self._do_approve(use_corrections=True)
        return True

    def action_open_correct_wizard(self):
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct requested values"),
            "res_model": "portal.change.request.correct",
            "view_mode": "form",
            "target": "new",
            # wide enough for the original, requested and corrected values side by side
            "context": {"default_request_id": self.id, "dialog_size": "extra-large"},
        }

    def action_open_reject_wizard(self):
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject request"),
            "res_model": "portal.change.request.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_discard(self):
        """Staff discard a request (kept as ``deleted`` for audit)."""
        self._check_can_act()
        self._do_delete(self.env._("Discarded by %(user)s.", user=self.env.user.name))
        return True

    def action_withdraw(self):
        """The customer withdraws their pending request (kept as ``deleted``)."""
        self._check_can_withdraw()
        for request in self:
            if request.state != "pending":
                raise UserError(self.env._("Only a pending request can be withdrawn."))
        self._do_delete(self.env._("Withdrawn by the customer."))
        return True

    def _reject(self, reason):
        """Reprovar, with the reason the customer will read."""
        self._check_can_act()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection: the customer will read it."))
        for request in self:
            request.sudo().write(request._prepare_decision_vals("rejected", reject_reason=reason.strip()))
            request.sudo().message_post(body=Markup("%s<br/>%s") % (
                self.env._("Request rejected."), reason.strip(),
            ))
            request._notify_customer("portal_operations.mail_template_change_request_rejected")
        return True

    def _correct(self, values):
        """Corrigir: staff set corrected values (``res.partner`` field names to values)
        for fields of the request; a pending request stays pending. An approved request
        that Mega ERP refused is corrected on the partner and sent again."""
        self.ensure_one()
        if self.state == "approved" and self.sync_state == "error":
            self._check_can_act(states=("approved",))
        else:
            self._check_can_act()
        errors = self._validate_personal_data(self.partner_id, values)
        unknown = set(values) - set(self.line_ids.mapped("field_name"))
        for field_name in unknown:
            errors[field_name] = self.env._("The customer did not ask to change this field.")
        if errors:
            raise ValidationError("\n".join(errors.values()))
        changes = []
        for line in self.line_ids:
            if line.field_name not in values:
                continue
            text = line.rule_id._to_text(values[line.field_name])
            corrected = text != line.requested_value
            if corrected != line.is_corrected or (corrected and text != line.corrected_value):
                line.sudo().write({"is_corrected": corrected, "corrected_value": text if corrected else False})
                changes.append(Markup("<li>%s: %s → %s</li>") % (
                    line.rule_id.name, line.requested_display, line.rule_id._display(text),
                ))
        if changes:
            self.sudo().message_post(body=Markup("%s<ul>%s</ul>") % (
                self.env._("Requested values corrected:"), Markup("").join(changes),
            ))
        if self.state == "approved":
            self._apply_to_partner(lines_to_send(self)[self])
            self.action_requeue_sync()
        return True

    def action_requeue_sync(self):
        """Send again to Mega ERP an approved request it refused (after a correction)."""
        self._check_can_act(states=("approved",))
        for request in self:
            if request.sync_state != "error":
                raise UserError(self.env._("Only a request refused by Mega ERP can be sent again."))
            request.sudo().write({"sync_state": "to_sync", "sync_error": False})
            request.sudo().message_post(body=self.env._("Queued again for Mega ERP."))
        self.env["mega.backend"]._trigger_push(self.sudo().company_id)
        return True

    # ------------------------------------------------------------
    # Guards and transitions
    # ------------------------------------------------------------

    def _check_can_act(self, states=("pending",)):
        """Administrators of the requests' companies and developments act on them."""
        if not self.env.user.has_group(ADMIN_GROUP) and not self.env.su:
            raise AccessError(self.env._(
                "Only a Portal Operations administrator can act on registration change requests.",
            ))
        self.check_access("write")
        labels = dict(self._fields["state"]._description_selection(self.env))
        for request in self.filtered(lambda request: request.state not in states):
            if "pending" in states:
                message = self.env._(
                    "Request %(name)s is %(state)s: only pending requests can be acted on.",
                    name=request.name, state=labels[request.state],
                )
            else:
                message = self.env._(
                    "Request %(name)s is %(state)s: only an approved request refused by Mega ERP "
                    "can be corrected and sent again.",
                    name=request.name, state=labels[request.state],
                )
            raise UserError(message)

    @api.model
    def _check_can_submit(self):
        """Customers ask (their portal forms check whose data); administrators may ask
        for them. Operators only read: over RPC the context of the portal forms would
        otherwise let them queue changes for Mega ERP."""
        user = self.env.user
        if not (self.env.su or user.share or user.has_group(ADMIN_GROUP)):
            raise AccessError(self.env._(
                "Only the customer or a Portal Operations administrator asks to change registration data.",
            ))

    def _check_can_withdraw(self):
        """Only the customer withdraws their own request (staff discard it)."""
        if self.env.su:
            return
        customer = self.env.user.partner_id.commercial_partner_id
        for request in self:
            if request.sudo().partner_id.commercial_partner_id != customer:
                raise AccessError(self.env._(
                    "Only the customer withdraws request %(name)s.", name=request.sudo().name,
                ))

    def _check_can_decide(self):
        self._check_can_act()
        for request in self:
            if request.submitted_by_id == self.env.user or request.partner_id == self.env.user.partner_id:
                raise UserError(self.env._(
                    "You submitted request %(name)s: someone else must decide on it.",
                    name=request.name,
                ))

    def _prepare_decision_vals(self, state, **vals):
        return {"state": state, "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(), **vals}

    def _do_approve(self, use_corrections=True):
        for request in self:
            if not use_corrections and request.has_corrections:
                request.line_ids.sudo().write({"is_corrected": False, "corrected_value": False})
                request.sudo().message_post(body=self.env._("Corrections set aside: approved as requested."))
            request._apply_to_partner()
            request.sudo().write(request._prepare_decision_vals(
                "approved", sync_state="to_sync", **request._prepare_sync_identity_vals(),
            ))
            self.env["mega.backend"]._trigger_push(request.sudo().company_id)
            if request.auto_approved:
                request.sudo().message_post(body=self.env._(
                    "Approved automatically (Parâmetros Cadastrais) and queued for Mega ERP."
                ))
                continue
            request.sudo().message_post(body=(
                self.env._("Request approved with corrections and queued for Mega ERP.")
                if request.has_corrections
                else self.env._("Request approved and queued for Mega ERP.")
            ))
            request._notify_customer(
                "portal_operations.mail_template_change_request_approved_corrected"
                if request.has_corrections
                else "portal_operations.mail_template_change_request_approved"
            )

    def _prepare_sync_identity_vals(self):
        """Where the approval stands among the customer's (order of approval) and the
        token of its idempotency keys, unique to this approval."""
        self.env.cr.execute("SELECT nextval(%s)", (APPROVAL_SEQUENCE,))
        return {"approval_sequence": self.env.cr.fetchone()[0], "sync_token": secrets.token_hex(16)}

    def _apply_to_partner(self, lines=None):
        self.ensure_one()
        lines = self.line_ids if lines is None else lines
        values = {line.field_name: line.rule_id._to_write(line.final_value) for line in lines}
        # The decision was checked above; staff may not write partners themselves.
        self.partner_id.sudo().with_context(portal_change_request_submit=False).write(values)

    def _do_supersede(self, newer):
        for request in self:
            # the note is the body of the state's tracking message: one internal note
            # (a note notifies no one), the customer's resubmission waits for less
            request.sudo()._track_set_log_message(self.env._(
                "Superseded by %(name)s, which carries these changes.", name=newer.name,
            ))
            request.sudo().write({"state": "inactive", "superseded_by_id": newer.id})

    def _do_delete(self, note):
        for request in self:
            request.sudo().write({"state": "deleted"})
            request.sudo().message_post(body=note)

    # ------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------

    @api.model
    def _load_demo_requests(self):
        """Demo: a change the portal customer asked for (pending), and one an
        administrator approved, waiting for the synchronization."""
        customer = self.env.ref("portal_operations.user_portal_customer")
        admin = self.env.ref("base.user_admin")
        # each in their own language, as on the portal and in the back office
        as_customer = self.with_user(customer).with_context(lang=customer.lang)
        as_customer._submit(customer.partner_id, {"mobile": "(19) 99123-4567", "zip": "13087-000"})
        approved = as_customer._submit(
            self.env.ref("portal_operations.demo_partner_agt0000002"),
            {"email": "novo.email.demo@example.com.br", "street_number": "1500"},
        )
        approved.with_user(admin).with_context(lang=admin.lang).action_approve()

    # ------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------

    def _notify_customer(self, template_xmlid):
        """E-mail the customer and show the message in their portal thread, from the
        company (the chatter's notes say which staff member decided)."""
        for request in self.sudo():
            request._message_post_from_company(template_xmlid, partner_ids=request.partner_id.ids)

    def _queue_staff_notification(self):
        """Wake up the job that e-mails the staff about the requests submitted for
        review (``staff_notification_due``, set as they are created): the customer's
        POST neither renders nor sends those e-mails, which leave a few seconds later,
        once the request is committed."""
        if not self.filtered("staff_notification_due"):
            return
        cron = self.env.ref("portal_operations.ir_cron_change_request_notify_staff").sudo()
        # one wake-up at a time: a job woken up and not started yet sees this request too
        # (and a job that ended just before the commit leaves it to its next run)
        if not self.env["ir.cron.trigger"].sudo().search_count(
            [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())], limit=1,
        ):
            cron._trigger()

    @api.model
    def _cron_notify_staff(self):
        self._notify_due_staff(progress=self.env["ir.cron"]._commit_progress)

    @api.model
    def _notify_due_staff(self, progress=None):
        """E-mail the staff about each request submitted for review and not notified
        yet, once each, oldest first.

        :param progress: called with the number of requests done after each batch (the
            cron commits there, see ``ir.cron._commit_progress``)
        """
        Request = self.sudo()
        due = [("staff_notification_due", "=", True)]
        while batch := Request.search(due, order="id", limit=STAFF_NOTIFICATION_BATCH):
            batch._notify_staff_new_request()
            batch.write({"staff_notification_due": False})
            # commits: the next search also sees the requests submitted since; a run out
            # of time stops, the next run goes on
            if progress and not progress(len(batch), remaining=Request.search_count(due)):
                break

    def _notify_staff_new_request(self):
        """E-mail the staff who asked for it, as the customer who submitted the request
        (its author); in the queued job, the mail queue's cron is woken up to send them."""
        queued = False
        for request in self.sudo().with_context(mail_notify_force_send=False):
            staff = self.env["res.users"]._portal_operations_staff_to_notify(
                request.development_ids, "portal_notify_change_request",
            ) - request.submitted_by_id
            staff._portal_operations_mail_staff(
                request, "portal_operations.mail_template_change_request_new",
                author=request.submitted_by_id.partner_id,
            )
            queued = queued or bool(staff)
        if queued:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
