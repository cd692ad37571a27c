# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 22: each company's synchronization is its own job.

- every Mega ERP connection gets its scheduled actions (synchronization, push after
  approvals), on the old global action's schedule: its interval becomes each company's
  setting, its next call the next call of every company's job;
- the old global action (``ir_cron_mega_sync``, noupdate data) goes;
- contracts, registration changes and Fale Conosco requests get their portal token now,
  so that the read-only portal routes never write one.
"""
from odoo import SUPERUSER_ID, api

MINUTES = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43200}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env.ref("portal_operations.ir_cron_mega_sync", raise_if_not_found=False)
    backends = env["mega.backend"].with_context(active_test=False).search([])
    backends.filtered(lambda backend: not backend.sync_cron_id)._create_crons(nextcall=old.nextcall if old else None)
    if old:
        interval = max(old.interval_number, 1) * MINUTES.get(old.interval_type, 1)
        backends.company_id.write({"mega_sync_interval": interval})  # the jobs follow
        action = old.ir_actions_server_id
        old.unlink()
        action.unlink()
    for table in ("realestate_contract", "portal_change_request", "portal_contact_request"):
        cr.execute(f"UPDATE {table} SET access_token = gen_random_uuid()::text WHERE access_token IS NULL")  # noqa: S608
