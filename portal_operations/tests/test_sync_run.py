# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A run's lock belongs to its database; what a run writes is in its reader's language."""
import contextlib
from unittest.mock import patch

from odoo import sql_db
from odoo.tests import tagged

from odoo.addons.portal_operations.models.mega_sync_run import MegaSyncRun
from odoo.addons.portal_operations.sync.synchronizer import LOCK_NAMESPACE

from .common import SyncCase


@contextlib.contextmanager
def other_database(name):
    """A second, empty database on the same PostgreSQL, dropped afterwards."""
    with contextlib.closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr.connection.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield name
    finally:
        sql_db.close_db(name)
        with contextlib.closing(sql_db.db_connect("postgres").cursor()) as cr:
            cr.connection.autocommit = True
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@tagged("post_install", "-at_install")
class TestSyncRun(SyncCase):

    def test_the_lock_of_another_database_is_neither_seen_nor_touched(self):
        with other_database(f"{self.env.cr.dbname}_other_lock") as name:
            other = sql_db.db_connect(name).cursor()
            try:
                # The other database's run of a backend with the same id holds its lock.
                other.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
                self.assertFalse(self.backend._is_locked())
                run = self._sync()
                self.assertEqual(run.state, "done", "not blocked by the other database")
                stuck = self.env["mega.sync.run"].create({"backend_id": self.backend.id, "state": "running"})
                self.assertEqual(self.backend.status, "locked", "not shown as running here")
                self.backend.with_user(self.admin_all).action_unlock_force()
                self.assertEqual(stuck.state, "failed")
                other.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
                self.assertTrue(other.fetchone()[0], "the other session is alive and still held its lock")
            finally:
                other.close()

    def test_background_texts_are_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["ir.module.module"]._load_module_terms(["portal_operations"], ["pt_BR"], overwrite=True)
        self.company.partner_id.lang = "pt_BR"
        self._sync()
        request = self._approved_change("AGT0000002", {"email": "idioma@example.com.br"})
        self.simulator.add_contract(
            agent_code="AGT0007777", development_code="EMP001", block_code="BLQ00001",
            lot_code="LOT0000003", status="active", visible_on_portal=True,
        )
        steps = []
        original_beat = MegaSyncRun._beat

        def spy_beat(run, step=None):
            if step:
                steps.append(step)
            return original_beat(run, step)

        with patch.object(MegaSyncRun, "_beat", spy_beat):
            scheduled = self._sync()  # nobody started it: the company's language
        self.assertIn("Enviando alterações aprovadas", steps)
        self.assertIn("Clientes: página 1 de 1", steps)
        self.assertIn("Enviada ao Mega ERP; ocorrências:", "\n".join(request.message_ids.mapped("body")))
        self.assertIn(
            "Cliente AGT0007777 é desconhecido: o ERP não o enviou.", scheduled.log_ids.mapped("message"),
        )

        self.backend.show_error_log = True
        self.admin_all.lang = "pt_BR"
        started = self._sync(user=self.admin_all)  # its starter's language
        message = started.message_ids.filtered(lambda m: self.admin_all.partner_id in m.partner_ids)
        self.assertIn("A sincronização terminou com 1 erro(s):", str(message.body))
        self.assertIn("Cliente AGT0007777 é desconhecido", str(message.body))

        self.admin_all.lang = "en_US"
        english = self._sync(user=self.admin_all)
        message = english.message_ids.filtered(lambda m: self.admin_all.partner_id in m.partner_ids)
        self.assertIn("The synchronization ended with 1 error(s):", str(message.body))
