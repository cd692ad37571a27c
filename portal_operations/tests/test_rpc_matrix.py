# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsHttpCase

# odoo.sql_db: a create or delete refused by a constraint in the database logs its query.
MUTED = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule", "odoo.sql_db")
# Records of other models the addon creates on its own records.
RECORDS_ON_ADDON_RECORDS = ("rating.rating", "mail.message", "ir.attachment", "mail.activity")
ROLES = ("portal", "operator", "admin of the development", "admin of all", "admin of another company")
# What each role does over JSON-RPC to a record of the main company in development A
# (r: read and search_read, w: write, c: create, u: unlink; what is not allowed is
# refused with an access error).
#   model                               portal operator admin-A admin-all admin-B
# To review (observed, Odoo's own behaviour): the portal reads its contracts and files
# through its pages (sudo), not over JSON-RPC; an empty write of a message of its own
# request passes; operators may write and delete activities of the requests they read (Odoo's
# mail.activity follows _mail_post_access = "read").
MATRIX = {
    "realestate.development":           ("",    "r",     "rwcu", "rwcu",   ""),
    "realestate.block":                 ("",    "r",     "rwcu", "rwcu",   ""),
    "realestate.lot":                   ("",    "r",     "rwcu", "rwcu",   ""),
    "realestate.contract":              ("",    "r",     "rwcu", "rwcu",   ""),
    "realestate.contract.occurrence":   ("",    "r",     "rwcu", "rwcu",   ""),
    "portal.change.field.rule":         ("r",   "r",     "rw",   "rw",     ""),
    "portal.change.request":            ("r",   "r",     "rw",   "rw",     ""),
    "portal.change.request.line":       ("r",   "r",     "rw",   "rw",     ""),
    "mega.backend":                     ("",    "r",     "rwc",  "rwc",    ""),
    "mega.sync.run":                    ("",    "r",     "r",    "r",      ""),
    "mega.sync.log":                    ("",    "r",     "r",    "r",      ""),
    "portal.contact.request.type":      ("r",   "r",     "rwcu", "rwcu",   ""),
    "portal.contact.request":           ("r",   "r",     "rwc",  "rwc",    ""),
    "portal.contact.opinion":           ("r",   "r",     "rc",   "rc",     ""),
    "portal.contact.request.report":    ("",    "r",     "r",    "r",      ""),
    "portal.cep.address":               ("",    "",      "r",    "r",      "r"),
    "portal.privacy.request":           ("r",   "r",     "rw",   "rw",     ""),
    "rating.rating":                    ("",    "r",     "r",    "r",      ""),
    "mail.message":                     ("rwc", "rc",    "rwcu", "rwcu",   ""),
    "ir.attachment":                    ("",    "r",     "rwcu", "rwcu",   ""),
    "mail.activity":                    ("",    "rwu",   "rwcu", "rwcu",   ""),
}


@tagged("post_install", "-at_install")
class TestRpcMatrix(PortalOperationsHttpCase):
    """The security matrix, generated from the registry: every model the addon adds or
    whose records it creates, each role, each of ``read``, ``search_read``, ``write``,
    ``unlink`` and ``create`` over JSON-RPC. A model without a row fails the suite."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.env["res.users"].browse(cls.env.uid).company_ids |= cls.company_b
        request_type = cls._create_contact_request_type("Dúvida (matriz)", company_id=cls.env.company.id)
        cls.contact_a = cls._create_contact_request(request_type, cls.customer_a, cls.contract_a)
        cls.contact_a.with_user(cls.admin_all)._add_opinion("read", "Lido.")
        change = cls.env["portal.change.request"]._submit(cls.customer_a, {"email": "maria.matriz@example.com.br"})
        run = cls.env["mega.sync.run"].create({"backend_id": cls.env.ref("portal_operations.mega_backend_main").id})
        contact_model = cls.env["ir.model"]._get_id("portal.contact.request")
        cls.targets = {
            "realestate.development": cls.development_a,
            "realestate.block": cls.block_a,
            "realestate.lot": cls.lot_a1,
            "realestate.contract": cls.contract_a,
            "realestate.contract.occurrence": cls.env["realestate.contract.occurrence"].create({
                "contract_id": cls.contract_a.id, "occurrence_type": "alteração cadastral",
            }),
            "portal.change.field.rule": cls.env.ref("portal_operations.change_field_rule_email"),
            "portal.change.request": change,
            "portal.change.request.line": change.line_ids[:1],
            "mega.backend": cls.env.ref("portal_operations.mega_backend_main"),
            "mega.sync.run": run,
            "mega.sync.log": cls.env["mega.sync.log"].create({"run_id": run.id, "message": "ok"}),
            "portal.contact.request.type": request_type,
            "portal.contact.request": cls.contact_a,
            "portal.contact.opinion": cls.contact_a.opinion_ids[:1],
            "portal.contact.request.report": cls.env["portal.contact.request.report"].search(
                [("request_id", "=", cls.contact_a.id)], limit=1,
            ),
            "portal.cep.address": cls.env["portal.cep.address"].create({"cep": "01310100", "found": True}),
            "portal.privacy.request": cls.env["portal.privacy.request"].create({
                "partner_id": cls.customer_a.id, "request_type": "declaration",
            }),
            "rating.rating": cls.env["rating.rating"].browse(
                cls.env["rating.rating"].sudo().search([
                    ("access_token", "=", cls.contact_a.sudo()._rating_get_access_token()),
                ]).id,
            ),
            "mail.message": cls.contact_a.message_post(body="Mensagem", message_type="comment",
                                                       subtype_xmlid="mail.mt_comment"),
            "ir.attachment": cls.env["ir.attachment"].create({
                "name": "boleto.pdf", "raw": b"%PDF", "res_model": "portal.contact.request",
                "res_id": cls.contact_a.id,
            }),
            "mail.activity": cls.env["mail.activity"].create({
                "res_model_id": contact_model, "res_id": cls.contact_a.id,
                "user_id": cls.admin_all.id, "summary": "Ligar",
            }),
        }
        cls.roles = dict(zip(ROLES, (
            (cls.portal_user, "po_portal_pwd"), (cls.operator, cls.operator.login),
            (cls.admin_assigned, cls.admin_assigned.login), (cls.admin_all, cls.admin_all.login),
            (cls.admin_b, cls.admin_b.login),
        ), strict=True))

    def _rpc_outcome(self, model, method, *args, **kwargs):
        """True: done; False: refused (an access error); anything else fails. A create
        may also be refused by a constraint checked before the record rules (nothing is
        created either way)."""
        with mute_logger(*MUTED):
            answer = self._call_kw(model, method, None, *args, **kwargs)
        error = answer.get("error")
        if not error:
            return bool(answer.get("result")) or method in ("write", "unlink")
        refusals = ["odoo.exceptions.AccessError"]
        if method == "create":
            refusals.append("odoo.exceptions.ValidationError")
        self.assertIn(error["data"]["name"], refusals, error["data"]["message"])
        return False

    def test_every_model_has_a_row(self):
        addon_models = {
            name for name in self.env.registry
            if self.env[name]._original_module == "portal_operations"
            and not self.env[name]._abstract and not self.env[name]._transient
        }
        self.assertEqual(set(MATRIX), addon_models | set(RECORDS_ON_ADDON_RECORDS),
                         "each model of the addon needs its row in MATRIX (and a target)")
        self.assertEqual(set(self.targets), set(MATRIX))
        for model, record in self.targets.items():
            self.assertEqual(len(record), 1, model)

    def test_matrix(self):
        for index, role in enumerate(ROLES):
            user, password = self.roles[role]
            self.authenticate(user.login, password)
            for model, rights in MATRIX.items():
                expected = rights[index]
                record = self.targets[model]
                with self.subTest(role=role, model=model):
                    self.assertEqual(
                        self._rpc_outcome(model, "read", [record.id], ["display_name"]), "r" in expected, "read",
                    )
                    self.assertEqual(
                        self._rpc_outcome(model, "search_read", [("id", "=", record.id)], ["display_name"]),
                        "r" in expected, "search_read",
                    )
                    self.assertEqual(self._rpc_outcome(model, "write", [record.id], {}), "w" in expected, "write")
                    if "c" not in expected:
                        values = json.loads(json.dumps(record.sudo().copy_data()[0], default=str))
                        self.assertFalse(self._rpc_outcome(model, "create", [values]), "create")
                    if "u" not in expected:
                        self.assertFalse(self._rpc_outcome(model, "unlink", [record.id]), "unlink")
        # unlink last: it removes the target
        for index, role in enumerate(ROLES):
            user, password = self.roles[role]
            for model, rights in reversed(MATRIX.items()):
                if "u" in rights[index] and self.targets[model].exists():
                    self.authenticate(user.login, password)
                    with self.subTest(role=role, model=model, method="unlink"), mute_logger(*MUTED):
                        # allowed: whatever refuses it then (a record still in use) is no access error
                        answer = self._call_kw(model, "unlink", [self.targets[model].id])
                        error = (answer.get("error") or {}).get("data", {}).get("name")
                        self.assertNotEqual(error, "odoo.exceptions.AccessError")
