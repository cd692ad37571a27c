# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time
from odoo.tools.safe_eval import safe_eval

from .test_portal_contact import PortalContactCase

REGISTERED = datetime(2026, 3, 2, 10, 0)  # a Monday, 10:00 UTC


@tagged("post_install", "-at_install")
class TestPortalContactDeadline(PortalContactCase):
    """The deadline of a request (calendar days of its type), the overdue and due-soon
    filters, and the escalation cron; all with frozen time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_fast = cls._create_contact_request_type("Teste: urgente", sla_days=2)
        cls.type_none = cls._create_contact_request_type("Teste: sem prazo", sla_days=0)
        cls.Request = cls.env["portal.contact.request"]

    def _request_at(self, when, request_type=None, **vals):
        with freeze_time(when):
            return self._create_contact_request(
                request_type or self.type_boleto, self.customer_a, self.contract_a, **vals,
            )

    def _search_ids(self, domain, requests):
        return self.Request.search(domain + [("id", "in", requests.ids)]).ids

    # ------------------------------------------------------------
    # Deadline
    # ------------------------------------------------------------

    def test_deadline_is_seven_calendar_days_by_default(self):
        self.assertEqual(self._create_contact_request_type("Teste: padrão").sla_days, 7)
        request = self._request_at(REGISTERED)
        self.assertEqual(request.deadline, REGISTERED + timedelta(days=7))

    def test_deadline_per_type(self):
        fast = self._request_at(REGISTERED, self.type_fast)
        none = self._request_at(REGISTERED, self.type_none)
        self.assertEqual(fast.deadline, datetime(2026, 3, 4, 10, 0), "2 calendar days")
        self.assertFalse(none.deadline, "0 days: no deadline")
        with freeze_time(REGISTERED + timedelta(days=30)):
            self.assertFalse(none.is_overdue, "a request without deadline is never overdue")

    def test_deadline_kept_when_the_type_changes_its_days(self):
        request = self._request_at(REGISTERED)
        self.type_boleto.sla_days = 3
        self.assertEqual(request.deadline, REGISTERED + timedelta(days=7),
                         "set at registration: a later setting does not move it")

    def test_negative_deadline_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.type_boleto.sla_days = -1
        with self.assertRaises(ValidationError):
            self._create_contact_request_type("Teste: negativo", sla_days=-3)

    def test_negative_deadline_refused_in_the_type_form(self):
        form = Form(self.env["portal.contact.request.type"].with_user(self.admin_all))
        form.name = "Teste: pelo formulário"
        form.sla_days = -2
        with self.assertRaises(ValidationError):
            form.save()

    def test_customer_reply_does_not_move_the_deadline(self):
        request = self._request_at(REGISTERED)
        deadline = request.deadline
        with freeze_time(REGISTERED + timedelta(days=3)):
            request.with_user(self.admin_all)._add_opinion("read", "Estamos verificando.", internal=True)
            request.with_user(self.portal_user).message_post(
                body="Alguma novidade?", message_type="comment", subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.deadline, deadline)

    def test_first_public_opinion_meets_the_deadline(self):
        in_time = self._request_at(REGISTERED)
        late = self._request_at(REGISTERED, self.type_fast)
        with freeze_time(REGISTERED + timedelta(days=1)):
            in_time.with_user(self.admin_all)._add_opinion("observation", "Interno.", internal=True)
        self.assertFalse(in_time.first_answer_date, "an internal opinion answers nobody")
        with freeze_time(REGISTERED + timedelta(days=3)):
            in_time.with_user(self.admin_all)._add_opinion("resolved", "Boleto enviado.")
            late.with_user(self.admin_all)._add_opinion("resolved", "Boleto enviado.")
            self.assertFalse(late.is_overdue, "answered, even late: no longer waiting")
        self.assertRecordValues(in_time | late, [
            {"first_answer_date": REGISTERED + timedelta(days=3), "first_answer_hours": 72.0,
             "answered_in_time": True},
            {"first_answer_date": REGISTERED + timedelta(days=3), "first_answer_hours": 72.0,
             "answered_in_time": False},
        ])

    # ------------------------------------------------------------
    # Filters
    # ------------------------------------------------------------

    def test_overdue_and_due_soon_filters(self):
        overdue = self._request_at(REGISTERED - timedelta(days=8))
        due_soon = self._request_at(REGISTERED - timedelta(days=6, hours=12))
        later = self._request_at(REGISTERED - timedelta(days=1))
        answered = self._request_at(REGISTERED - timedelta(days=9))
        with freeze_time(REGISTERED - timedelta(days=2)):
            answered.with_user(self.admin_all)._add_opinion("read", "Respondido.")
        closed = self._request_at(REGISTERED - timedelta(days=10))
        closed.with_user(self.admin_all)._add_opinion("closed", "Interno.", internal=True)
        read = self._request_at(REGISTERED - timedelta(days=8))
        read.with_user(self.admin_all)._mark_read()
        all_requests = overdue | due_soon | later | answered | closed | read

        with freeze_time(REGISTERED):
            search_view = self.env.ref("portal_operations.portal_contact_request_view_search")
            filters = self._filters_of(search_view)
            self.assertCountEqual(self._search_ids(filters["filter_overdue"], all_requests),
                                  (overdue | read).ids)
            self.assertCountEqual(self._search_ids(filters["filter_due_soon"], all_requests),
                                  due_soon.ids)
            self.assertRecordValues(overdue | due_soon | later, [
                {"is_overdue": True, "is_due_soon": False},
                {"is_overdue": False, "is_due_soon": True},
                {"is_overdue": False, "is_due_soon": False},
            ])
            self.assertCountEqual(
                self._search_ids([("is_overdue", "=", False)], overdue | due_soon | later),
                (due_soon | later).ids,
            )
        with freeze_time(REGISTERED + timedelta(days=1)):
            due_soon.invalidate_recordset(["is_overdue"])
            self.assertTrue(due_soon.is_overdue, "a day later, the due-soon one is overdue")

    def _filters_of(self, search_view):
        """The domains of the search view's filters, by name."""
        arch = etree.fromstring(self.Request.get_views([(search_view.id, "search")])["views"]["search"]["arch"])
        return {
            node.get("name"): safe_eval(node.get("domain"))
            for node in arch.iter("filter") if node.get("domain")
        }

    # ------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------

    def _todo_activities(self, requests):
        return self.env["mail.activity"].search([
            ("res_model", "=", "portal.contact.request"), ("res_id", "in", requests.ids),
        ])

    def _overdue_notices(self, request):
        # in the administrators' language, else the company's
        return request.message_ids.filtered(lambda m: any(
            word in str(m.body) for word in ("overdue", "atrasada")
        ))

    def test_escalation_once_per_threshold(self):
        self.type_boleto.user_ids = self.operator_b
        request = self._request_at(REGISTERED)
        quiet = self._request_at(REGISTERED + timedelta(days=5))

        with freeze_time(REGISTERED + timedelta(days=5)):
            self.Request._escalate_deadlines()
            self.assertFalse(self._todo_activities(request | quiet), "2 days left: nothing yet")

        with freeze_time(REGISTERED + timedelta(days=6, hours=12)):
            self.Request._escalate_deadlines()
            self.Request._escalate_deadlines()
        activities = self._todo_activities(request | quiet)
        self.assertRecordValues(activities, [{
            "res_id": request.id, "user_id": self.operator_b.id,
            "date_deadline": (REGISTERED + timedelta(days=7)).date(),
        }])
        self.assertFalse(self._overdue_notices(request))

        with freeze_time(REGISTERED + timedelta(days=7, hours=1)):
            self.Request._escalate_deadlines()
            self.Request._escalate_deadlines()
        self.assertEqual(self._todo_activities(request | quiet), activities,
                         "no second due-soon activity")
        notices = self._overdue_notices(request)
        self.assertEqual(len(notices), 1, "one overdue notice, however many runs")
        self.assertTrue(notices.subtype_id.internal, "a note among staff, not to the customer")
        self.assertIn(self.admin_assigned.partner_id, notices.partner_ids,
                      "the administrators of the development are notified")
        self.assertIn(self.admin_all.partner_id, notices.partner_ids)
        self.assertNotIn(self.operator.partner_id, notices.partner_ids)
        self.assertNotIn(self.customer_a, notices.partner_ids)

    def test_escalation_falls_back_on_the_development_administrators(self):
        request = self._request_at(REGISTERED)
        with freeze_time(REGISTERED + timedelta(days=6, hours=12)):
            self.Request._escalate_deadlines()
        users = self._todo_activities(request).user_id
        self.assertEqual(
            users, self.env["res.users"]._portal_operations_staff(
                self.development_a, "portal_operations.group_portal_operations_admin",
            ),
            "without responsible staff on the type: the administrators of the development",
        )
        self.assertIn(self.admin_assigned, users)
        self.assertIn(self.admin_all, users)
        self.assertNotIn(self.operator, users)
        self.assertNotIn(self.operator_b, users)

    def test_answered_requests_are_not_escalated(self):
        request = self._request_at(REGISTERED)
        with freeze_time(REGISTERED + timedelta(days=1)):
            request.with_user(self.admin_all)._add_opinion("read", "Estamos verificando.")
        with freeze_time(REGISTERED + timedelta(days=10)):
            self.Request._escalate_deadlines()
        self.assertFalse(self._todo_activities(request))
        self.assertFalse(self._overdue_notices(request))

    def test_escalation_writes_in_the_readers_language_and_time_zone(self):
        """The cron runs as OdooBot (English, UTC): the activity, its e-mail subject and
        the overdue note are in the staff's language, the deadline in their time zone
        and date format (19:00 UTC is 16:00 in São Paulo)."""
        self.env["res.lang"]._activate_lang("pt_BR")
        staff = self.admin_assigned | self.admin_all
        staff.write({"lang": "pt_BR", "tz": "America/Sao_Paulo"})
        self.type_boleto.user_ids = self.admin_assigned
        request = self._request_at(REGISTERED + timedelta(hours=9))
        Cron = self.Request.with_user(self.env.ref("base.user_root")).with_context(lang="en_US", tz="UTC")
        with freeze_time(REGISTERED + timedelta(days=6, hours=12)):
            Cron._escalate_deadlines()
        activity = self._todo_activities(request)
        self.assertEqual(activity.summary, f"Responder {request.name} antes do prazo")
        self.assertIn("09/03/2026 16:00", str(activity.note))
        with freeze_time(REGISTERED + timedelta(days=7, hours=12)):
            Cron._escalate_deadlines()
        notice = request.message_ids.filtered(lambda m: "atrasada" in str(m.body))
        self.assertEqual(len(notice), 1, "the overdue note in Portuguese")
        self.assertIn("09/03/2026 16:00", str(notice.body))
        self.assertNotIn("2026-03-09", str(notice.body))

    def test_the_scheduled_action_escalates(self):
        """Through the cron itself, as the scheduler runs it (its progress commits)."""
        request = self._request_at(REGISTERED)
        cron = self.env.ref("portal_operations.ir_cron_contact_request_escalation")
        # the scheduler runs the job in a cursor of its own: here, the test's
        with freeze_time(REGISTERED + timedelta(days=7, hours=1)), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertTrue(self._todo_activities(request), "due within a day: an activity")
        self.assertEqual(len(self._overdue_notices(request)), 1, "overdue: one notice")
        self.assertRecordValues(request, [{"sla_due_soon_escalated": True, "sla_overdue_escalated": True}])

    def test_cron_is_scheduled(self):
        cron = self.env.ref("portal_operations.ir_cron_contact_request_escalation")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code, "model._cron_escalate_deadlines()")
