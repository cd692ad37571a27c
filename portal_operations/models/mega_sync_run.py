# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from ..constants import SYNC_RUN_STATES

RUN_TRIGGERS = [("manual", "Started by hand"), ("scheduled", "Scheduled"), ("approval", "After an approval")]
# A run that has not reported for this long is considered stuck (crashed or hung).
STALE_AFTER = timedelta(minutes=10)
# Entities in pull order (a block needs its development, a contract its agent and lot).
ENTITIES = ("developments", "blocks", "lots", "agents", "contracts")
# Log lines sent to whoever started a run and asked for its error log.
ERROR_LOG_LIMIT = 50


class MegaSyncRun(models.Model):
    """One synchronization with Mega ERP: push of approved changes, then pull of master
    data. It reports counts as it goes, so the screen shows progress.

    Company: its connection's; each company's runs are its own job.
    """

    _name = "mega.sync.run"
    _description = "Synchronization Run"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name")
    backend_id = fields.Many2one("mega.backend", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Started by", index="btree_not_null")
    trigger = fields.Selection(RUN_TRIGGERS, required=True, default="scheduled")
    state = fields.Selection(SYNC_RUN_STATES, required=True, default="running", index=True)
    date_start = fields.Datetime(string="Start", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="End")
    heartbeat = fields.Datetime(default=fields.Datetime.now, help="Last sign of life of the run.")
    duration = fields.Float(string="Duration (s)", compute="_compute_duration", store=True, aggregator="avg")
    show_error_log = fields.Boolean(
        string="Show the error log at the end",
        help="Apresentar Log de Erros no Final da Sincronização: whoever started the run "
        "gets its errors when it ends.",
    )
    current_step = fields.Char(help="What the run is doing now.")
    pushed_count = fields.Integer(string="Changes sent")
    developments_count = fields.Integer(string="Developments")
    blocks_count = fields.Integer(string="Blocks")
    lots_count = fields.Integer(string="Lots")
    agents_count = fields.Integer(string="Customers")
    contracts_count = fields.Integer(string="Contracts")
    error_count = fields.Integer(string="Errors")
    log_ids = fields.One2many("mega.sync.log", "run_id")

    @api.depends("date_start")
    def _compute_name(self):
        for run in self:
            run.name = self.env._("Synchronization %(date)s", date=fields.Datetime.to_string(
                fields.Datetime.context_timestamp(run, run.date_start) if run.date_start else ""
            ))

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (
                (run.date_end - run.date_start).total_seconds() if run.date_end and run.date_start else 0.0
            )

    def _creation_message(self):
        # mail's "%s created" would make the (feminine) execução masculine in pt_BR
        return self.env._("Synchronization run created")

    def _is_stale(self):
        self.ensure_one()
        return self.state == "running" and self.heartbeat < fields.Datetime.now() - STALE_AFTER

    # ------------------------------------------------------------
    # Reporting while running
    # ------------------------------------------------------------

    def _log(self, level, entity, code, message):
        self.ensure_one()
        self.env["mega.sync.log"].sudo().create({
            "run_id": self.id, "level": level, "entity": entity, "code": code, "message": message,
        })
        if level == "error":
            self.sudo().error_count += 1

    def _add_counts(self, entity, count):
        field = "pushed_count" if entity == "changes" else f"{entity}_count"
        self.sudo()[field] += count

    def _beat(self, step=None):
        values = {"heartbeat": fields.Datetime.now()}
        if step is not None:
            values["current_step"] = step
        self.sudo().write(values)

    def _finish(self, state):
        self.sudo().write({
            "state": state, "date_end": fields.Datetime.now(), "heartbeat": fields.Datetime.now(),
            "current_step": False,
        })

    def _send_error_log(self):
        """Apresentar Log de Erros no Final da Sincronização: the starter gets the
        errors (in their inbox, with a link to the run)."""
        for run in self.filtered(lambda run: run.show_error_log and run.user_id):
            errors = run.log_ids.filtered(lambda line: line.level == "error")[:ERROR_LOG_LIMIT]
            if errors:
                lines = Markup("").join(
                    Markup("<li>%s %s: %s</li>") % (line.entity or "", line.code or "", line.message)
                    for line in errors
                )
                body = Markup("<p>%s</p><ul>%s</ul>") % (
                    self.env._("The synchronization ended with %(count)s error(s):", count=run.error_count),
                    lines,
                )
            else:
                body = Markup("<p>%s</p>") % self.env._("The synchronization ended without errors.")
            run.sudo().message_post(
                body=body, partner_ids=run.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment", message_type="comment",
            )
            run.user_id._bus_send("simple_notification", {
                "type": "danger" if run.error_count else "success",
                "title": self.env._("Synchronization with Mega ERP"),
                "message": self.env._(
                    "Finished with %(count)s error(s); the log is in your inbox.", count=run.error_count,
                ),
                "sticky": bool(run.error_count),
            })
