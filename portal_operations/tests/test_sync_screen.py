# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestSyncScreen(PortalOperationsCase, HttpCase):
    """Sincronização das Bases as the administrator sees it."""

    def test_start_from_the_screen(self):
        backend = self.env.ref("portal_operations.mega_backend_main")
        cron = self.env.ref("portal_operations.ir_cron_mega_sync")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.admin_all.password = "po_admin_all_pwd"
        self.start_tour("/odoo", "portal_operations_sync_screen", login="po_admin_all")
        self.assertRecordValues(backend, [{"show_error_log": True, "requested_by_id": self.admin_all.id}])
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
