# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsHttpCase

ADDON_MODULE = "odoo.addons.portal_operations."
REFUSALS = {"odoo.exceptions.AccessError", "odoo.exceptions.UserError"}
# What a role may do to its own records (each tested in its own suite).
ALLOWED_ON_OWN = {("portal", "portal.change.request", "action_withdraw")}
# Helpers bound to no company's record: they only return a window action, which the
# record rules filter (Alterações cadastrais entre).
COMPANY_FREE_HELPERS = {("portal.change.request.date.range", "action_search")}
# What a refused call must leave as it was, besides write_date and the thread.
WATCHED_FIELDS = ("state", "sync_state", "status", "erp_jobs", "requested_by_id", "read_user_id")
MUTED_LOGGERS = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


def addon_public_methods(env):
    """``{model: [method]}``: the public callables the addon's own classes define on
    every model (wizards included), found in the registry, so a new public method is
    covered without editing the tests. Overrides of Odoo's methods (ORM CRUD,
    ``web_read``, ``message_post``, settings) are left to the access-rights tests."""
    methods = {}
    for name in env.registry:
        mro = type(env[name]).__mro__
        own = [cls for cls in mro if cls.__module__.startswith(ADDON_MODULE)]
        upstream = [cls for cls in mro if cls not in own]
        names = {
            attr for cls in own for attr, value in vars(cls).items()
            if not attr.startswith("_") and callable(value)
            and not any(attr in vars(base) for base in upstream)
        }
        if names:
            methods[name] = sorted(names)
    return methods


@tagged("post_install", "-at_install")
class TestRpcAccess(PortalOperationsHttpCase):
    """Every public method of the addon, called over JSON-RPC (``/web/dataset/call_kw``)
    by each role that must be refused: a portal customer, an operator and an
    administrator of another company. On another company's records every call is
    refused; on the role's own records only read-only helpers (which return a window
    action) may answer. Either way nothing changes: state, write date, messages,
    records, e-mails, and no call reaches Mega ERP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = cls._start_simulator(agents=3, seed=3)
        cls._create_other_company()
        cls.backend_main = cls.env.ref("portal_operations.mega_backend_main")
        (cls.backend_main | cls.backend_b).write(cls._erp_settings(cls.simulator, retries=0))
        cls.change_pending_a = cls._submit_as_customer(cls.customer_a, {"email": "maria.rpc@example.com.br"})
        cls.contact_request_a = cls._create_contact_request(
            cls.env["portal.contact.request.type"].create({"name": "Dúvida (RPC)"}),
            cls.customer_a, cls.contract_a,
        )
        # An LGPD request of each company: the answer wizard's required link.
        Privacy = cls.env["portal.privacy.request"]
        cls.privacy_request_a = Privacy.create({"partner_id": cls.customer_a.id, "request_type": "sharing"})
        cls.privacy_request_c = Privacy.create({"partner_id": cls.customer_c.id, "request_type": "sharing"})
        cls.methods = addon_public_methods(cls.env)
        cls.roles = {
            "portal": (cls.portal_user, "po_portal_pwd"),
            "operator": (cls.operator, cls.operator.login),
            "admin of another company": (cls.admin_all, cls.admin_all.login),
        }

    @classmethod
    def _submit_as_customer(cls, customer, values):
        return cls.env["portal.change.request"]._submit(customer, values)

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _wizard(self, user, model, parents):
        """``(wizard, linked)``: a wizard of ``model`` as ``user`` would create it, on
        ``parents`` (model -> record) for its required links; ``linked``: it has one."""
        Model = self.env[model]
        values = {}
        linked = False
        for name, field in Model._fields.items():
            if not field.required or field.compute or name in Model.default_get([name]):
                continue
            if field.type == "many2one":
                values[name] = parents[field.comodel_name].id
                linked = True
            elif field.type in ("char", "text"):
                values[name] = "Teste"
        return Model.with_user(user).sudo().create(values), linked

    def _targets(self, user, company):
        """``[(record, strict)]``: the records of ``company`` the methods are called
        on. ``strict``: outside ``user``'s reach, every call must be refused; else
        what ``user`` reads, where read-only helpers may answer."""
        strict = company == self.company_b
        targets = {}
        for model in self.methods:
            Model = self.env[model].sudo().with_context(active_test=False)
            if Model._transient or Model._abstract or "company_id" not in Model._fields:
                continue
            domain = [("company_id", "=", company.id)]
            if strict:
                targets[model] = Model.search(domain)
            elif self.env[model].with_user(user).has_access("read"):
                visible = self.env[model].with_user(user).search(domain, limit=1, order="id desc")
                targets[model] = Model.browse(visible.ids)
        wizards = []
        for model in self.methods:
            if self.env[model]._transient:
                parents = {name: records[:1] for name, records in targets.items() if records}
                parents.setdefault("portal.change.request", self._own_change_request(user, company))
                parents.setdefault("portal.contact.request", self._own_contact_request(company))
                parents.setdefault("portal.privacy.request", self._own_privacy_request(company))
                wizard, linked = self._wizard(user, model, parents)
                # A wizard on no record (e.g. a search) is the user's own business.
                wizards.append((wizard, strict and linked))
        return [(record, strict) for records in targets.values() for record in records] + wizards

    def _own_change_request(self, user, company):
        return self.change_pending_c if company == self.company_b else self.change_pending_a

    def _own_contact_request(self, company):
        return self.contact_request_c if company == self.company_b else self.contact_request_a

    def _own_privacy_request(self, company):
        return self.privacy_request_c if company == self.company_b else self.privacy_request_a

    def _snapshot(self, records):
        """What a refused call must leave untouched."""
        self.env.invalidate_all()
        snapshot = {
            "erp calls": sum(self.simulator.state.calls.values()),
            "counts": {
                model: self.env[model].sudo().with_context(active_test=False).search_count([])
                for model in (*self.methods, "mail.message", "mail.mail", "mail.activity",
                              "mega.sync.run", "portal.contact.opinion",
                              "realestate.contract.occurrence")
                if not self.env[model]._transient and not self.env[model]._abstract
            },
        }
        for record in records:
            record = record.sudo()
            if not record.exists():
                snapshot[record._name, record.id] = "deleted"
                continue
            values = {"write_date": record.write_date}
            values.update({name: record[name] for name in WATCHED_FIELDS if name in record._fields})
            if "message_ids" in record._fields:
                values["messages"] = len(record.message_ids)
            snapshot[record._name, record.id] = values
        return snapshot

    def _assert_refused_everywhere(self, role, company):
        user, password = self.roles[role]
        targets = self._targets(user, company)
        self.assertTrue(targets)
        records = [record for record, __ in targets]
        self.authenticate(user.login, password)
        before = self._snapshot(records)
        calls = [(self.env[model], method, None) for model, methods in self.methods.items()
                 for method in methods if getattr(getattr(self.env[model], method), "_api_model", False)]
        calls += [(record, method, record.ids) for record, __ in targets
                  for method in self.methods.get(record._name, ())
                  if not getattr(getattr(record, method), "_api_model", False)]
        strict_of = {(record._name, record.id): strict for record, strict in targets}
        for target, method, ids in calls:
            strict = strict_of.get((target._name, target.id), False) if ids else False
            if not strict and (role, target._name, method) in ALLOWED_ON_OWN:
                continue
            with self.subTest(role=role, model=target._name, method=method, ids=ids):
                with mute_logger(*MUTED_LOGGERS):
                    answer = self._call_kw(target._name, method, ids)
                error = answer.get("error")
                if error:
                    self.assertIn(error["data"]["name"], REFUSALS, error["data"]["message"])
                    self.assertTrue(error["data"]["message"])
                else:
                    self.assertFalse(
                        strict and (target._name, method) not in COMPANY_FREE_HELPERS,
                        f"{role} called {target._name}.{method} on another company's record",
                    )
                    result = answer.get("result")
                    self.assertEqual(
                        (result or {}).get("type"), "ir.actions.act_window",
                        f"{role} called {target._name}.{method}: only a read-only helper may answer",
                    )
                self.assertEqual(self._snapshot(records), before)

    # ------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------

    def test_registry_lists_the_addon_methods(self):
        """The generator finds the addon's own methods (and not Odoo's)."""
        self.assertIn("action_approve", self.methods["portal.change.request"])
        self.assertIn("action_test_connection", self.methods["mega.backend"])
        self.assertIn("action_confirm", self.methods["portal.contact.opinion.wizard"])
        self.assertNotIn("write", self.methods.get("res.partner", []))
        self.assertNotIn("message_post", self.methods.get("portal.contact.request", []))

    def test_portal_customer_is_refused(self):
        self._assert_refused_everywhere("portal", self.company_b)
        self._assert_refused_everywhere("portal", self.env.company)

    def test_operator_is_refused(self):
        self._assert_refused_everywhere("operator", self.company_b)
        self._assert_refused_everywhere("operator", self.env.company)

    def test_administrator_of_another_company_is_refused(self):
        self._assert_refused_everywhere("admin of another company", self.company_b)

    def test_customer_withdraws_own_request_only(self):
        """The one operation a portal customer performs on a request: withdrawing
        their own pending one."""
        self.authenticate(self.portal_user_c.login, self.portal_user_c.login)
        with mute_logger(*MUTED_LOGGERS):
            self.assertRefused(self._call_kw("portal.change.request", "action_withdraw", self.change_pending_a.ids))
        self.assertEqual(self.change_pending_a.state, "pending")
        self.authenticate(self.portal_user.login, "po_portal_pwd")
        answer = self._call_kw("portal.change.request", "action_withdraw", self.change_pending_a.ids)
        self.assertFalse(answer.get("error"), answer.get("error"))
        self.env.invalidate_all()
        self.assertEqual(self.change_pending_a.state, "deleted")
        self.assertIn("Withdrawn by the customer", "".join(map(str, self.change_pending_a.message_ids.mapped("body"))))

    def test_settings_values_are_for_system_administrators(self):
        """``get_values`` reads the Mega ERP connection (password included): a public
        method of the settings, refused to anyone without Odoo's Settings rights."""
        for role, (user, password) in self.roles.items():
            self.authenticate(user.login, password)
            with self.subTest(role=role), mute_logger(*MUTED_LOGGERS):
                answer = self._call_kw("res.config.settings", "get_values")
                self.assertRefused(answer)
                self.assertNotIn("mega", str(answer["error"]["data"].get("arguments")))
        self.authenticate("admin", "admin")
        answer = self._call_kw("res.config.settings", "get_values")
        self.assertEqual(answer["result"]["mega_password"], "mega")
