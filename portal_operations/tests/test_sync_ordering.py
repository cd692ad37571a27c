# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The last approved value always wins: order of a customer's changes, faults, kills,
refusals, the pull, and the run's counters."""
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_operations.sync import change_history

from .common import Killed, SyncCase

QUIET = ("odoo.addons.portal_operations.sync.synchronizer", "mega_erp.client")
NO_PUSH = patch(
    "odoo.addons.portal_operations.sync.exporter.ChangeRequestExporter._requests_to_push",
    lambda exporter: exporter.env["portal.change.request"],
)


@tagged("post_install", "-at_install")
class TestSyncOrdering(SyncCase):

    def _three_changes(self, code):
        """Three approved changes of one customer: the e-mail each time, the number in
        the second only."""
        return [
            self._approved_change(code, {"email": f"um.{code.lower()}@example.com.br"}),
            self._approved_change(code, {"email": f"dois.{code.lower()}@example.com.br", "street_number": "1002"}),
            self._approved_change(code, {"email": f"tres.{code.lower()}@example.com.br"}),
        ]

    def test_last_approved_value_wins_under_faults_and_a_kill(self):
        self._sync()
        codes = [f"AGT{number:07d}" for number in range(1, 9)]
        requests = [request for code in codes for request in self._three_changes(code)]
        self.backend.write({"timeout": 1, "retries": 1})
        self.simulator.set_faults(retryable_rate=0.3, timeout_rate=0.08, timeout_sleep=1.2, seed=3)
        original = change_history.sync_succeeded
        stored_batches = []

        def killed_at_the_second_batch(batch, numbers):
            stored_batches.append(batch)
            if len(stored_batches) == 2:
                raise Killed
            return original(batch, numbers)

        with patch.object(change_history, "sync_succeeded", killed_at_the_second_batch), \
                patch("odoo.addons.portal_operations.sync.exporter.BATCH_SIZE", 4), mute_logger(*QUIET):
            self._sync(killed=True)
        self.assertGreaterEqual(len(stored_batches), 2, "the run was killed mid-push")
        runs = 1
        with mute_logger(*QUIET):
            while any(request.sync_state != "synced" for request in requests) and runs < 40:
                self._sync()
                runs += 1
        self.assertEqual({request.sync_state for request in requests}, {"synced"})
        self.simulator.clear_faults()
        self._sync()
        for code in codes:
            with self.subTest(customer=code):
                agent = self.simulator.state.agents[code]
                last = f"tres.{code.lower()}@example.com.br"
                self.assertEqual((agent.email, agent.number), (last, "1002"))
                self.assertRecordValues(self._partner(code), [{"email": last, "street_number": "1002"}])
        expected = self._expected_occurrences(requests)
        self.assertEqual(self._occurrences_by_contract(), expected, "one per change and contract, none twice")
        recorded = self.env["realestate.contract.occurrence"].search(
            [("contract_id.company_id", "=", self.company.id), ("occurrence_type", "=", "alteração cadastral")]
        )
        self.assertEqual(len(recorded), sum(expected.values()))

    def test_a_later_change_waits_for_an_earlier_one_left_for_the_next_run(self):
        self._sync()
        first, second, third = self._three_changes("AGT0000003")
        self.simulator.set_faults(retryable_rate=1.0)
        self.backend.retries = 0
        with mute_logger(*QUIET):
            run = self._sync()
        self.assertErpCalls({"UpdateAgent": 1}, msg="only the first was tried")
        # the log says why, in the language of the run (a scheduled one: the company's)
        waited = run.with_context(lang=self.company.partner_id.lang or "en_US").env._(
            "Left for the next run: an earlier change of this customer was not accepted yet."
        )
        self.assertTrue(run.log_ids.filtered(lambda line: line.message == waited), "a later change waited")
        self.simulator.clear_faults()
        self._sync()
        self.assertEqual({first.sync_state, second.sync_state, third.sync_state}, {"synced"})
        self.assertEqual(self.simulator.state.agents["AGT0000003"].email, "tres.agt0000003@example.com.br")

    def test_a_refusal_blocks_nothing_and_its_correction_sends_only_what_is_still_its_own(self):
        self._sync()
        refused = self._approved_change("AGT0000004", {"rg": "12.345.678-9", "email": "velho@example.com.br"})
        refused.line_ids.filtered(lambda line: line.field_name == "rg").sudo().requested_value = "R" * 25
        later = self._approved_change("AGT0000004", {"email": "novo@example.com.br"})
        self._sync()
        self.assertRecordValues(refused | later, [{"sync_state": "error"}, {"sync_state": "synced"}])
        self.assertEqual(self.simulator.state.agents["AGT0000004"].email, "novo@example.com.br")
        self.assertEqual(refused.sync_superseded_fields, "Main e-mail")
        refused.with_user(self.admin_all)._correct({"rg": "98.765.432-1"})
        partner = self._partner("AGT0000004")
        self.assertEqual((partner.rg, partner.email), ("98.765.432-1", "novo@example.com.br"))
        self._sync()
        agent = self.simulator.state.agents["AGT0000004"]
        self.assertEqual(refused.sync_state, "synced")
        self.assertEqual((agent.rg, agent.email), ("98.765.432-1", "novo@example.com.br"),
                         "the older e-mail is not sent again")
        self.assertEqual(partner.email, "novo@example.com.br")

    def test_the_pull_keeps_the_last_approved_value(self):
        self._sync()
        self._approved_change("AGT0000005", {"email": "primeiro@example.com.br"})
        self._approved_change("AGT0000005", {"email": "segundo@example.com.br"})
        self.simulator.touch_agent("AGT0000005", city="Santos")
        with NO_PUSH:
            self._sync()
        partner = self._partner("AGT0000005")
        self.assertEqual(partner.email, "segundo@example.com.br", "neither the ERP's nor the first")
        self.assertEqual(partner.city, "Santos")
        self._sync()
        self.simulator.touch_agent("AGT0000005", email="mudou.no.erp@gmail.com")
        self._sync()
        self.assertEqual(partner.email, "mudou.no.erp@gmail.com", "once accepted, the ERP's later changes arrive")

    def test_counters_are_exact_when_the_erp_stops_mid_run(self):
        self._sync()
        requests = [
            self._approved_change(f"AGT{number:07d}", {"email": f"conta.{number}@example.com.br"})
            for number in range(1, 11)
        ]
        original = change_history.sync_succeeded
        stored = []

        def erp_stops_after_the_first_batch(batch, numbers):
            stored.append(batch)
            result = original(batch, numbers)
            self.simulator.set_faults(refuse_auth=True)  # the ERP refuses from now on
            return result

        with patch.object(change_history, "sync_succeeded", erp_stops_after_the_first_batch), \
                patch("odoo.addons.portal_operations.sync.exporter.BATCH_SIZE", 3), \
                patch("odoo.addons.portal_operations.sync.exporter.SENT_AHEAD", 3), mute_logger(*QUIET):
            run = self._sync()
        synced = [request for request in requests if request.sync_state == "synced"]
        self.assertTrue(0 < len(synced) < len(requests), "the ERP stopped mid-run")
        self.assertEqual(run.pushed_count, len(synced))
        self.simulator.clear_faults()
        rest = self._sync()
        self.assertEqual(rest.pushed_count, len(requests) - len(synced))
        self.assertEqual({request.sync_state for request in requests}, {"synced"})
