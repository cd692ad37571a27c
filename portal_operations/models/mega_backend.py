# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from mega_erp.exceptions import MegaAuthenticationError, MegaError

from ..constants import ADMIN_GROUP, BACKEND_STATUSES
from ..sync import demo
from ..sync.client_cache import client_for
from ..sync.errors import AlreadyRunning, describe_error
from ..sync.synchronizer import RunLock, Synchronizer
from .mega_sync_run import STALE_AFTER

_logger = logging.getLogger(__name__)

# A job that finds its backend busy (its other job runs) is called again this much later.
RETRY_BUSY_AFTER = timedelta(minutes=1)


class MegaBackend(models.Model):
    """The connection to Mega ERP of one company and the screen of its synchronization
    (Sincronização das Bases). The runs themselves are ``sync.synchronizer``: one at a
    time, guarded by a PostgreSQL advisory lock that dies with the process holding it,
    plus a heartbeat on the run."""

    _name = "mega.backend"
    _description = "Mega ERP Connection"

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(required=True, default="Mega ERP")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    wsdl_url = fields.Char(
        string="WSDL", required=True, default="http://127.0.0.1:8070/?wsdl",
        help="Where the service description is, e.g. https://erp.example.com/portal?wsdl",
    )
    endpoint_url = fields.Char(string="Endpoint", help="Service address, when it differs from the WSDL's.")
    username = fields.Char(groups=ADMIN_GROUP)
    password = fields.Char(groups=ADMIN_GROUP)
    password_type = fields.Selection(
        [("digest", "Password digest"), ("text", "Plain-text password")],
        string="Password sent as", required=True, default="digest",
        help="WS-Security: a digest (with a one-time nonce and a timestamp; the password itself never "
             "travels), or the password as plain text, for an ERP that accepts only that.",
    )
    timeout = fields.Integer(string="Timeout (s)", default=30)
    retries = fields.Integer(default=2, help="Retries of a busy or timed-out call, with growing pauses.")
    page_size = fields.Integer(default=500, help="Records per page when pulling master data.")
    push_on_approval = fields.Boolean(
        string="Send approved changes at once", default=True,
        help="An approval starts a synchronization within a minute instead of waiting for the schedule.",
    )
    auto_invite_portal = fields.Boolean(
        string="Invite customers to the portal",
        help="Customers with a published contract get Odoo's portal invitation once, after a synchronization.",
    )
    show_error_log = fields.Boolean(
        string="Show the error log at the end of the synchronization",
        help="Apresentar Log de Erros no Final da Sincronização.",
    )
    requested_by_id = fields.Many2one("res.users", string="Requested by", readonly=True)
    watermark_developments = fields.Datetime(readonly=True, copy=False)
    watermark_blocks = fields.Datetime(readonly=True, copy=False)
    watermark_lots = fields.Datetime(readonly=True, copy=False)
    watermark_agents = fields.Datetime(readonly=True, copy=False)
    watermark_contracts = fields.Datetime(readonly=True, copy=False)
    run_ids = fields.One2many("mega.sync.run", "backend_id", string="Runs")
    # The state of the last run, read fresh each time (runs are written by other
    # transactions while this screen is open).
    last_run_id = fields.Many2one("mega.sync.run", compute="_compute_last_run")
    status = fields.Selection(BACKEND_STATUSES, compute="_compute_last_run")
    date_last_start = fields.Datetime(string="Start", compute="_compute_last_run")
    date_last_end = fields.Datetime(string="End", compute="_compute_last_run")
    current_step = fields.Char(compute="_compute_last_run")
    last_pushed_count = fields.Integer(string="Changes sent", compute="_compute_last_run")
    last_developments_count = fields.Integer(string="Developments", compute="_compute_last_run")
    last_blocks_count = fields.Integer(string="Blocks", compute="_compute_last_run")
    last_lots_count = fields.Integer(string="Lots", compute="_compute_last_run")
    last_agents_count = fields.Integer(string="Customers", compute="_compute_last_run")
    last_contracts_count = fields.Integer(string="Contracts", compute="_compute_last_run")
    last_error_count = fields.Integer(string="Errors", compute="_compute_last_run")
    erp_jobs = fields.Json(readonly=True, copy=False)
    erp_jobs_html = fields.Html(compute="_compute_erp_jobs_html", sanitize=False)
    erp_jobs_date = fields.Datetime(string="Jobs listed on", readonly=True, copy=False)

    _company_uniq = models.Constraint("UNIQUE(company_id)", "A company has one Mega ERP connection.")

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("run_ids.state", "run_ids.heartbeat", "run_ids.current_step", "run_ids.error_count")
    def _compute_last_run(self):
        Run = self.env["mega.sync.run"].sudo()
        for backend in self:
            run = Run.search([("backend_id", "=", backend.id)], limit=1) if backend.id else Run
            backend.last_run_id = run
            backend.status = backend._status_of(run)
            backend.date_last_start = run.date_start
            backend.date_last_end = run.date_end
            backend.current_step = run.current_step
            for field in ("pushed", "developments", "blocks", "lots", "agents", "contracts", "error"):
                backend[f"last_{field}_count"] = run[f"{field}_count"]

    def _status_of(self, run):
        if not run:
            return "never"
        if run.state == "running":
            return "locked" if run._is_stale() or not self._is_locked() else "running"
        return "synced" if run.state == "done" else "failed"

    @api.depends("erp_jobs", "run_ids.state")
    def _compute_erp_jobs_html(self):
        for backend in self:
            backend.erp_jobs_html = self.env["ir.qweb"]._render("portal_operations.mega_jobs_table", {
                "runs": backend.run_ids.filtered(lambda run: run.state == "running"),
                "jobs": backend.erp_jobs or [],
            })

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _check_can_operate(self):
        """Administrators of the connection's company operate it (and call the ERP)."""
        if not self.env.user.has_group(ADMIN_GROUP) and not self.env.su:
            raise AccessError(self.env._(
                "Only a Portal Operations administrator can operate the Mega ERP connection.",
            ))
        self.check_access("write")

    def action_start_sync(self):
        """Iniciar Sincronização: the run starts in the background (a cron worker), so
        the button answers at once and the run does not depend on this browser."""
        self.ensure_one()
        self._check_can_operate()
        if self.status == "running":
            raise AlreadyRunning(self.env)
        self.sudo().requested_by_id = self.env.user
        self.sudo().sync_cron_id._trigger()
        return self._notification(
            self.env._("Synchronization started; this screen shows its progress."), "info",
        )

    def action_unlock(self):
        """Destravar Sincronização: release a run that crashed or hangs, once it stopped
        reporting (or its process is gone)."""
        self.ensure_one()
        self._check_can_operate()
        self._check_can_unlock()
        self._do_unlock()
        return True

    def action_unlock_force(self):
        """Force unlock: release the run even though it reported recently, stopping the
        process that still holds the lock."""
        self.ensure_one()
        self._check_can_operate()
        self._check_can_unlock(force=True)
        self._do_unlock()
        return True

    def _check_can_unlock(self, force=False):
        """A running synchronization is released once it is stale; by ``force`` at once."""
        run = self.last_run_id
        minutes = int(STALE_AFTER.total_seconds() // 60)
        if not run or run.state != "running":
            raise UserError(self.env._(
                "Nothing to unlock: no synchronization is running. Unlock Synchronization "
                "releases a synchronization that crashed or has not reported for %(minutes)s minutes.",
                minutes=minutes,
            ))
        if not force and not run._is_stale() and self._is_locked():
            raise UserError(self.env._(
                "The synchronization is running and reported recently: it can be unlocked after "
                "%(minutes)s minutes without news, or by force (Force unlock) if you are sure it hangs.",
                minutes=minutes,
            ))

    def _do_unlock(self):
        run = self.last_run_id
        if self._is_locked():
            RunLock(self).terminate_holder()
        run._log("warning", None, None, self.env._("Unlocked by %(user)s.", user=self.env.user.name))
        run._finish("failed")

    def action_refresh_jobs(self):
        """Atualizar Lista de Jobs: our running synchronizations and the ERP's jobs."""
        self.ensure_one()
        self._check_can_operate()
        try:
            jobs = client_for(self).list_jobs()
        except MegaError as error:
            raise UserError(describe_error(self, error)) from error
        self.sudo().write({
            "erp_jobs": [
                {"name": job.name, "state": job.state, "progress": job.progress,
                 "started_at": job.started_at.isoformat() if job.started_at else None}
                for job in jobs
            ],
            "erp_jobs_date": fields.Datetime.now(),
        })
        return True

    def action_test_connection(self):
        """Ping the ERP; when it refuses the credentials, say how they were sent and
        whether the other way of sending the password would be accepted."""
        self.ensure_one()
        self._check_can_operate()
        try:
            info = client_for(self).ping()
        except MegaAuthenticationError as error:
            raise UserError(self._describe_refused_login(error)) from error
        except MegaError as error:
            raise UserError(describe_error(self, error)) from error
        return self._notification(self.env._(
            "Connected to %(name)s %(version)s.", name=info.name or "Mega ERP", version=info.version or "",
        ), "success")

    def _describe_refused_login(self, error):
        labels = dict(self._fields["password_type"]._description_selection(self.env))
        chosen = self.password_type or "digest"
        other = "text" if chosen == "digest" else "digest"
        refused = self.env._(
            "Mega ERP refused the login sent as %(mode)s: %(reason)s",
            mode=labels[chosen], reason=error.message,
        )
        try:
            client_for(self, password_type=other).ping()
        except MegaAuthenticationError as other_error:
            return refused + "\n" + self.env._(
                "As %(mode)s it is refused too: %(reason)s", mode=labels[other], reason=other_error.message,
            )
        except MegaError:
            return refused
        return refused + "\n" + self.env._(
            "As %(mode)s it connects: choose it in Password sent as.", mode=labels[other],
        )

    def action_open_runs(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("portal_operations.mega_sync_run_action")
        action["domain"] = [("backend_id", "=", self.id)]
        return action

    @api.model
    def action_open_sync_screen(self):
        """The Sincronização das Bases screen: the current company's connection."""
        backend = self.search([("company_id", "=", self.env.company.id)], limit=1)
        if not backend:
            self._check_can_operate()
            backend = self.sudo().create({"company_id": self.env.company.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Database Synchronization"),
            "res_model": "mega.backend",
            "res_id": backend.id,
            "view_mode": "form",
            "target": "current",
        }

    def _notification(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": False,
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }

    # ------------------------------------------------------------
    # Scheduling: each backend is its own pair of jobs on Odoo's scheduler
    # ------------------------------------------------------------
    # The synchronization of one company never waits for another's: each backend has
    # its own scheduled action (push, then pull; every ``res.company.mega_sync_interval``
    # minutes), and its own push-only action that an approval triggers. Cron workers of
    # every server share them (Odoo's cron locks a job's row while it runs); two jobs
    # of one backend never run together (the run's advisory lock): the one that finds
    # its backend busy tries again a minute later.

    sync_cron_id = fields.Many2one(
        "ir.cron", string="Scheduled synchronization", readonly=True, copy=False,
        ondelete="set null", groups="base.group_system",
    )
    push_cron_id = fields.Many2one(
        "ir.cron", string="Sending of approved changes", readonly=True, copy=False,
        ondelete="set null", groups="base.group_system",
    )
    next_sync_date = fields.Datetime(
        string="Next run", compute="_compute_next_sync_date",
        help="When the next scheduled synchronization of this company starts.",
    )
    last_failure = fields.Char(
        string="Why it failed", compute="_compute_last_failure",
        help="What stopped the last synchronization (e.g. Mega ERP cannot be reached).",
    )

    @api.depends("active", "push_on_approval", "company_id.mega_sync_interval")
    def _compute_next_sync_date(self):
        Trigger = self.env["ir.cron.trigger"].sudo()
        for backend in self:
            cron = backend.sudo().sync_cron_id
            if not cron.active:
                backend.next_sync_date = False
                continue
            trigger = Trigger.search([("cron_id", "=", cron.id)], order="call_at", limit=1)
            backend.next_sync_date = min(filter(None, (cron.nextcall, trigger.call_at)))

    @api.depends("run_ids.state", "run_ids.error_count")
    def _compute_last_failure(self):
        for backend in self:
            run = backend.last_run_id
            lines = run.sudo().log_ids.filtered(lambda line: line.level == "error" and not line.entity)
            backend.last_failure = lines[:1].message if run.state == "failed" else False

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        backends._create_crons()
        return backends

    def write(self, vals):
        result = super().write(vals)
        if {"name", "company_id", "active", "push_on_approval"} & set(vals):
            self._update_crons()
        return result

    def unlink(self):
        crons = self.sudo().sync_cron_id | self.sudo().push_cron_id
        actions = crons.ir_actions_server_id
        result = super().unlink()
        crons.unlink()
        actions.unlink()
        return result

    def _prepare_cron_vals(self, kind):
        """The scheduled action of kind ``sync`` (push, then pull, on the company's
        schedule) or ``push`` (push only, triggered by approvals; its daily call only
        sends what is left)."""
        self.ensure_one()
        backend = self.sudo()
        sync = kind == "sync"
        what = "synchronize with Mega ERP" if sync else "send approved changes to Mega ERP"
        return {
            "name": f"Portal Operations: {what} ({backend.company_id.name})",
            "code": f"model.browse({backend.id})._cron_{kind}()",
            "interval_number": backend.company_id.mega_sync_interval if sync else 1,
            "interval_type": "minutes" if sync else "days",
            "active": backend.active and (sync or backend.push_on_approval),
            # a free cron thread takes a waiting push before a waiting pull
            "priority": 10 if sync else 1,
        }

    def _create_crons(self, nextcall=None):
        Cron = self.env["ir.cron"].sudo()
        model_id = self.env["ir.model"]._get_id("mega.backend")
        user_id = self.env.ref("base.user_root").id
        for backend in self.sudo():
            values = {}
            for kind in ("sync", "push"):
                vals = backend._prepare_cron_vals(kind)
                start = nextcall if kind == "sync" and nextcall else fields.Datetime.now() + relativedelta(
                    **{vals["interval_type"]: vals["interval_number"]},
                )
                values[f"{kind}_cron_id"] = Cron.create({
                    **vals, "model_id": model_id, "state": "code", "user_id": user_id, "nextcall": start,
                }).id
            backend.write(values)  # no job field: write() leaves the jobs alone

    def _update_crons(self):
        for backend in self.sudo():
            if not (backend.sync_cron_id and backend.push_cron_id):
                backend._create_crons()
                continue
            for kind in ("sync", "push"):
                backend[f"{kind}_cron_id"].write(backend._prepare_cron_vals(kind))

    @api.model
    def _trigger_push(self, companies=None):
        """After an approval in ``companies`` (default: the current one): send it within
        a minute, by each company's own push job, unless its settings say to wait."""
        companies = companies or self.env.company
        backends = self.sudo().search([("company_id", "in", companies.ids), ("push_on_approval", "=", True)])
        for cron in backends.push_cron_id:
            cron._trigger()

    def _cron_sync(self):
        """The scheduled synchronization of these backends (push, then pull)."""
        for backend in self:
            try:
                backend._run_sync(user=backend.requested_by_id)
            except AlreadyRunning as error:  # its own push is running: again in a minute
                _logger.info("Mega sync of %s postponed: %s", backend.name, error)
                backend._retry_later(backend.sudo().sync_cron_id)

    def _cron_push(self):
        """After approvals: send these backends' approved changes, without pulling."""
        for backend in self:
            try:
                Synchronizer(backend).run(pull=False)
            except AlreadyRunning as error:  # its own synchronization is running: again in a minute
                _logger.info("Mega push of %s postponed: %s", backend.name, error)
                backend._retry_later(backend.sudo().push_cron_id)

    def _retry_later(self, cron):
        """Call ``cron`` again in a minute (once, however many jobs found it busy)."""
        retry_at = fields.Datetime.now() + RETRY_BUSY_AFTER
        Trigger = self.env["ir.cron.trigger"].sudo()
        if not Trigger.search_count([("cron_id", "=", cron.id), ("call_at", ">", fields.Datetime.now())]):
            cron._trigger(retry_at)

    # ------------------------------------------------------------
    # The run (sync.synchronizer)
    # ------------------------------------------------------------

    def _is_locked(self):
        """Whether a live process of this database holds this backend's lock (a crashed
        one released it)."""
        return RunLock(self).is_held()

    def _run_sync(self, user=None):
        """Run a synchronization now, in this cursor, committing as it goes (from the
        cron, or from code and tests). Returns the run.

        :raise AlreadyRunning: when another run of this backend holds the lock
        """
        return Synchronizer(self, user=user).run()

    # ------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------

    @api.model
    def _load_demo_data(self):
        """Demo data (called from ``demo/mega_demo.xml``): see ``sync.demo``."""
        demo.load_master_data(self.env.ref("portal_operations.mega_backend_main"))
