# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.portal_operations.sync.mapping import PARTNER_FIELD_BY_AGENT_ATTRIBUTE
from odoo.addons.portal_operations.validation import ERP_HARD_LIMIT, FROM_ERP_CONTEXT

from mega_erp.simulator import Simulator
from mega_erp.simulator.demo_data import LEGACY_DEFECTS, legacy_defect

from .common import PortalOperationsCase, SyncCase

STREET = PARTNER_FIELD_BY_AGENT_ATTRIBUTE["street"]
# What each legacy defect of the simulator breaks: {partner field: problem code}.
EXPECTED_ISSUES = {
    "landline_as_mobile": {"mobile": "mobile"},
    "repeated_cpf": {"vat": "cpf"},
    "cep_of_another_uf": {"zip": "cep_state"},
    "email_misspelt": {"email": "email"},
    "email_double_at": {"email": "email"},
    "area_code_00": {"phone": "phone"},
    "street_too_long": {STREET: "too_long"},
}
# Today's messages of the portal for the same values, typed by a customer.
PORTAL_MESSAGES = {
    "landline_as_mobile": "Mobile: enter a Brazilian mobile with an existing area code (DDD) and 9 digits, "
    "e.g. (19) 99876-5432.",
    "repeated_cpf": "CPF/CNPJ: this is not a valid CPF.",
    "cep_of_another_uf": "CEP: 20040-020 is a CEP of Rio de Janeiro (RJ), not of São Paulo. Check the CEP or "
    "the state.",
    "email_misspelt": "Main e-mail: this is not a valid e-mail address.",
    "email_double_at": "Main e-mail: this is not a valid e-mail address.",
    "area_code_00": "Landline: enter a Brazilian number with an existing area code (DDD), e.g. (19) 3251-4000.",
    "street_too_long": "Street is too long: at most 100 characters.",
}


def _codes(partner):
    """{field: problem code} flagged on ``partner``."""
    return dict(item.split(":") for item in (partner.mega_data_issue_codes or "").split(",") if item)


@tagged("post_install", "-at_install")
class TestSyncDirtyData(SyncCase):
    """A registry as it really is: half of the simulator's 14 agents are legacy (each of
    the 7 defects once), one more holds a character XML cannot carry."""

    @classmethod
    def _start_simulator(cls, agents, seed):
        simulator = Simulator(agents=14, seed=seed, legacy_rate=0.5).start(port=0)
        cls.addClassCleanup(simulator.stop)
        return simulator

    def _defects(self):
        """{agent code: defect name} of the simulator's legacy agents."""
        defects = {}
        for number in range(1, len(self.simulator.state.agents) + 1):
            defect = legacy_defect(number, 0.5)
            if defect:
                defects[f"AGT{number:07d}"] = defect[0]
        return defects

    def test_every_agent_arrives_dirty_ones_flagged_unreadable_one_taken_next_run(self):
        defects = self._defects()
        self.assertEqual(sorted(defects.values()), sorted(name for name, __ in LEGACY_DEFECTS))
        self.simulator.touch_agent("AGT0000001", name="Fulano\x01 de Tal")
        self.simulator.touch_agent("AGT0000003", profession="x" * (ERP_HARD_LIMIT + 200))
        state = self.simulator.state

        with mute_logger("odoo.addons.portal_operations.sync.importer"):
            run = self._sync()
        self.assertEqual(run.state, "done")
        unreadable_logs = run.log_ids.filtered(lambda log: log.code == "AGT0000001")
        self.assertEqual(unreadable_logs.mapped("entity"), ["agents"], run.log_ids.mapped("message"))
        self.assertIn("character XML cannot carry", unreadable_logs.message)
        for code in state.agents:
            partner = self._partner(code)
            if code == "AGT0000001":
                self.assertFalse(partner, "the unreadable agent is skipped")
                continue
            with self.subTest(agent=code):
                self.assertTrue(partner)
                self.assertEqual(
                    len(partner.realestate_contract_ids),
                    sum(1 for contract in state.contracts.values() if contract.agent_code == code),
                )
                expected = EXPECTED_ISSUES[defects[code]] if code in defects else {}
                if code == "AGT0000003":
                    expected = {"profession": "too_long"}
                self.assertEqual(_codes(partner), expected)
                self.assertEqual(bool(partner.mega_data_issues), bool(expected))
        # stored as the ERP sends it, only what Odoo cannot store is cleaned (and told)
        self.assertEqual(self._partner("AGT0000002").mobile, self._partner("AGT0000002").phone)
        self.assertEqual(self._partner("AGT0000004").vat, "11111111111")
        self.assertEqual(len(self._partner("AGT0000014")[STREET]), 300)
        cleaned = self._partner("AGT0000003")
        self.assertEqual(len(cleaned.profession), ERP_HARD_LIMIT)
        self.assertIn("characters Odoo cannot store", cleaned.message_ids[:1].body)
        self.assertIn("AGT0000003", run.log_ids.filtered(lambda log: log.level == "warning").mapped("code"))

        # the reader's language
        mobile_issue = self._partner("AGT0000002").with_context(lang="en_US").mega_data_issues
        self.assertEqual(mobile_issue, PORTAL_MESSAGES["landline_as_mobile"])
        self.env["res.lang"]._activate_lang("pt_BR")
        self.assertNotEqual(self._partner("AGT0000002").with_context(lang="pt_BR").mega_data_issues, mobile_issue)

        # a later ERP change of a dirty agent arrives; the unreadable one, fixed, too
        self.simulator.touch_agent("AGT0000002", name="Novo Nome no ERP")
        self.simulator.touch_agent("AGT0000001", name="Fulano de Tal")
        again = self._sync()
        self.assertRecordValues(again, [{"state": "done", "error_count": 0}])
        self.assertEqual(self._partner("AGT0000002").name, "Novo Nome no ERP")
        self.assertEqual(_codes(self._partner("AGT0000002")), {"mobile": "mobile"})
        self.assertEqual(self._partner("AGT0000001").name, "Fulano de Tal")
        self.assertTrue(self._partner("AGT0000001").realestate_contract_ids)

        # staff find them, by development
        flagged = self.env["res.partner"].search([
            ("company_id", "=", self.company.id), ("mega_data_issues", "!=", False),
        ])
        self.assertEqual(set(flagged.mapped("mega_agent_code")), {*defects, "AGT0000003"})
        action = self.env.ref("portal_operations.realestate_contract_action_data_review")
        contracts = self.env["realestate.contract"].search(
            [*ast.literal_eval(action.domain), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(set(contracts.partner_id.mapped("mega_agent_code")), {*defects, "AGT0000003"})

        # the same values typed by a customer are refused, with today's messages
        customer = self._partner("AGT0000005")
        for code, defect in defects.items():
            agent = state.agents[code]
            values = {
                PARTNER_FIELD_BY_AGENT_ATTRIBUTE[attribute]: value
                for attribute, value in dict(LEGACY_DEFECTS)[defect](agent).items()
            }
            if "state_id" in values:
                values["state_id"] = self.env.ref("base.state_br_sp").id
            with self.subTest(defect=defect), self.assertRaises(ValidationError) as refused:
                self._submit_as(self.portal_user, customer, values)
            self.assertEqual(refused.exception.args[0], PORTAL_MESSAGES[defect])

    def test_fixing_the_flagged_data_clears_the_flag(self):
        self._sync()
        partner = self._partner("AGT0000002")
        self.assertEqual(_codes(partner), {"mobile": "mobile"})
        request = self._submit_as(self.portal_user, partner, {"mobile": "(19) 99876-5432"}).sudo()
        request.with_user(self.admin_all).action_approve()
        self.assertFalse(partner.mega_data_issue_codes)
        self.assertFalse(partner.mega_data_issues)


@tagged("post_install", "-at_install")
class TestDirtyDataOnThePortal(PortalOperationsCase, HttpCase):
    """The customer sees which of the data the ERP holds needs attention, fields marked;
    staff and customers still cannot type what breaks a rule."""

    def test_personal_data_page_marks_the_flagged_fields(self):
        self.customer_a.with_context(**FROM_ERP_CONTEXT).write({"mobile": "(19) 3251-4000"})
        self.assertEqual(_codes(self.customer_a).get("mobile"), "mobile")
        self.authenticate("po_portal", "po_portal_pwd")
        page = self.url_open("/my/personal-data").text
        self.assertIn("o_personal_data_attention", page)
        self.assertRegex(page, r'id="personal_data_mobile"[^>]*o_needs_attention')
        self.assertNotRegex(page, r'id="personal_data_name"[^>]*o_needs_attention')

    def test_the_back_office_refuses_what_the_erp_may_store(self):
        with self.assertRaisesRegex(ValidationError, "Mobile: enter a Brazilian mobile"):
            self.customer_a.write({"mobile": "(19) 3251-4000"})
        with self.assertRaisesRegex(ValidationError, "not a valid CPF"):
            self.customer_a.write({"vat": "11111111111"})
        self.customer_a.with_context(**FROM_ERP_CONTEXT).write({"vat": "11111111111"})
        self.assertEqual(_codes(self.customer_a).get("vat"), "cpf")

    def test_names_refuse_direction_controls_and_markup(self):
        for value, message in (
            ("Maria \u202eairaM", "Name contains invisible characters that change the direction of the text"),
            ("Maria <b>Teste</b>", "Name: write plain text, without tags such as <b> or <script>."),
            ("<script>alert(1)</script>", "Name: write plain text, without tags such as <b> or <script>."),
        ):
            with self.subTest(value=value):
                with self.assertRaisesRegex(ValidationError, message.replace("(", r"\(").replace(")", r"\)")):
                    self._submit_as(self.portal_user, self.customer_a, {"name": value})
                with self.assertRaisesRegex(ValidationError, "Name"):
                    self.customer_a.write({"name": value})
        # plain comparisons are no markup
        self.assertFalse(self.env["portal.change.request"]._validate_personal_data(
            self.customer_a, {"name": "Maria Teste < 3"},
        ))
