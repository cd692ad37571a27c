# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

LOG_LEVELS = [("info", "Info"), ("warning", "Warning"), ("error", "Error")]


class MegaSyncLog(models.Model):
    """One line of a synchronization run's log: what happened to which ERP record.

    Company: its run's; staff see the logs of their allowed companies.
    """

    _name = "mega.sync.log"
    _description = "Synchronization Log Line"
    _order = "id"

    run_id = fields.Many2one("mega.sync.run", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    level = fields.Selection(LOG_LEVELS, required=True, default="info", index=True)
    entity = fields.Char(help="developments, blocks, lots, agents, contracts or changes")
    code = fields.Char(string="Record", help="Mega code of the record, or the change request")
    message = fields.Text(required=True)
