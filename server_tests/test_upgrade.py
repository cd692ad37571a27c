# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrading keeps the data's meaning: the newest release recorded in releases.toml is
installed (a git worktree of its commit, with demo data), records are made in every
state with that release's code, then ``-u portal_operations`` with this checkout's code
must leave every one of them reading as before: the states, the status the customer
sees, the approvals waiting for Mega ERP with their order and idempotency keys, the
pareceres, the ratings, the synchronization runs, and the count of every model.

Records made before a stored field existed (a database older than the release, made at
a commit whose manifest carried the same version) are emulated too: the migrations
give them the values they derive from.

Run by scripts/test.sh, which gives the Odoo Python (PO_ODOO_PY), an Odoo configuration
for the PostgreSQL to use (PO_ODOO_CONF) and a database name it drops afterwards
(PO_UPGRADE_DB)."""

import json
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from throwaway_database import throwaway_database

REPO_ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("PO_UPGRADE_DB")
pytestmark = pytest.mark.skipif(not DB, reason="scripts/test.sh gives the database (PO_UPGRADE_DB)")

# Run by `odoo shell` with the release's code: records in every state, committed.
MAKE_RECORDS = r'''
admin_group = env.ref("portal_operations.group_portal_operations_admin")
admin = env["res.users"].search([("group_ids", "in", admin_group.id)], order="id", limit=1)
assert admin, "no Portal Operations administrator in the demo data"
Request = env["portal.change.request"]
asking = env["portal.change.request"].search([("state", "=", "pending")]).partner_id
customers = env["res.partner"].search([
    ("mega_agent_code", "!=", False), ("vat", "!=", False), ("realestate_contract_ids", "!=", False),
    ("id", "not in", asking.ids),
], order="id", limit=4)
assert len(customers) == 4, customers
made = {}
for index, (kind, customer) in enumerate(zip(("pending", "approved", "legacy_approved", "rejected"),
                                             customers, strict=False)):
    request = Request._submit(customer, {"mobile": f"(41) 99876-54{index:02d}"}).sudo()
    if kind in ("approved", "legacy_approved"):
        request.with_user(admin).action_approve()
    elif kind == "rejected":
        request.with_user(admin)._reject("CEP de outra cidade.")
    made[kind] = request.id
contact = env["portal.contact.request"].search([("contract_id", "!=", False)], order="id", limit=1)
assert contact, "no Fale Conosco request in the demo data"
Contact = env["portal.contact.request"]
def new_contact(subject):
    return Contact.create({
        "partner_id": contact.partner_id.id, "type_id": contact.type_id.id,
        "contract_id": contact.contract_id.id, "subject": subject,
        "message": "<p>Preciso da segunda via do boleto.</p>",
    })
internal = new_contact("Parecer interno")
internal.with_user(admin)._add_opinion("observation", "Conferir com o financeiro.", internal=True)
public = new_contact("Parecer público")
public.with_user(admin)._add_opinion("observation", "Conferir com o financeiro.", internal=True)
public.with_user(admin)._add_opinion("resolved", "Segunda via enviada.")
rating = env["rating.rating"].search([("res_model", "=", "portal.contact.request"), ("res_id", "=", public.id)],
                                     limit=1)
assert rating, "a public answer asks the customer for a rating"
public.rating_apply(4, token=rating.access_token, feedback="Rápido.")
legacy_contact = new_contact("Antes do status do cliente")
legacy_contact.with_user(admin)._add_opinion("resolved", "Resolvido antes da versão nova.")
backend = env["mega.backend"].search([], order="id", limit=1)
for state in ("done", "failed"):
    env["mega.sync.run"].create({"backend_id": backend.id, "state": state, "trigger": "manual",
                                 "user_id": admin.id, "current_step": f"emulated {state} run"})
made.update(internal=internal.id, public=public.id, legacy_contact=legacy_contact.id)
env.cr.commit()
print("MADE " + json.dumps(made))
'''

# Records as a database made before portal_state, approval_sequence and sync_token
# has them: the default (or nothing), the field newer than the record.
MAKE_LEGACY = r'''
made = json.loads(MADE)
env.cr.execute("""UPDATE ir_model_fields SET create_date = now() at time zone 'utc' - interval '1 day'
                   WHERE model = 'portal.contact.request' AND name = 'portal_state'""")
env.cr.execute("""UPDATE portal_contact_request SET portal_state = 'pending',
                         create_date = now() at time zone 'utc' - interval '2 days',
                         write_date = now() at time zone 'utc' - interval '2 days' WHERE id = %s""",
               (made["legacy_contact"],))
env.cr.execute("UPDATE portal_change_request SET approval_sequence = NULL, sync_token = NULL WHERE id = %s",
               (made["legacy_approved"],))
# older than the field too, but an internal parecer changed it since: the customer did
# not see that status, the default stays
env.cr.execute("""UPDATE portal_contact_request SET create_date = now() at time zone 'utc' - interval '2 days'
                   WHERE id = %s""", (made["internal"],))
env.cr.commit()
'''

# Run by `odoo shell` with each version's code: what the records read.
SNAPSHOT = r'''
import datetime
from odoo import models
from odoo.addons.portal_operations.sync.exporter import ChangeRequestExporter
def plain(value):
    if isinstance(value, models.BaseModel):
        return value.ids
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
def read(model, fields, domain=()):
    records = env[model].with_context(active_test=False).search(list(domain), order="id")
    return {str(record.id): {name: plain(record[name]) for name in fields} for record in records}
snapshot = {
    "portal.change.request": read("portal.change.request", [
        "name", "state", "sync_state", "sync_error", "sync_token", "partner_id",
        "decided_by_id", "date_decided", "reject_reason", "has_corrections", "line_ids"]),
    "portal.change.request.line": read("portal.change.request.line", [
        "request_id", "field_name", "old_value", "requested_value", "corrected_value", "is_corrected"]),
    "portal.contact.request": read("portal.contact.request", [
        "name", "state", "portal_state", "subject", "partner_id", "type_id", "contract_id", "opinion_ids",
        "read_user_id", "company_id"]),
    "portal.contact.opinion": read("portal.contact.opinion", ["request_id", "state", "internal", "text", "author_id"]),
    "rating.rating": read("rating.rating", ["res_id", "rating", "consumed", "feedback", "partner_id"],
                          [("res_model", "=", "portal.contact.request")]),
    "mega.sync.run": read("mega.sync.run", [
        "backend_id", "state", "trigger", "user_id", "date_start", "date_end", "current_step", "pushed_count",
        "agents_count", "contracts_count", "error_count"]),
}
# the order of approval as stored (the ORM reads NULL as 0)
env.cr.execute("SELECT id, approval_sequence FROM portal_change_request")
for request_id, sequence in env.cr.fetchall():
    snapshot["portal.change.request"][str(request_id)]["approval_sequence"] = sequence
# the approvals waiting for Mega ERP, in the order each connection sends them, with the
# idempotency keys their calls carry
waiting = {}
for backend in env["mega.backend"].search([], order="id"):
    exporter = ChangeRequestExporter(backend, None, None)
    requests = exporter._requests_to_push()
    # (a request approved before tokens existed has no key until the push draws its token)
    tokened = requests.filtered("sync_token")
    calls = dict(zip(tokened.ids, exporter._prepare_calls(tokened), strict=True))
    waiting[str(backend.id)] = [
        [request.id, *((call.agent_key, [list(occurrence) for occurrence in call.occurrences])
                       if (call := calls.get(request.id)) else (None, None))]
        for request in requests
    ]
snapshot["waiting for the ERP"] = waiting
addon_models = env["ir.model"].search([("transient", "=", False)]).filtered(
    lambda model: "portal_operations" in model.modules.split(", ") and not env[model.model]._abstract
    and env[model.model]._auto)
snapshot["counts"] = {model.model: env[model.model].with_context(active_test=False).search_count([])
                      for model in addon_models}
# 19.0.2 gives each company its own set of field rules, copied from the one set before
Rule = env["portal.change.field.rule"].with_context(active_test=False)
snapshot["field rule sets"] = len(Rule.search([]).mapped("company_id")) if "company_id" in Rule._fields else 1
snapshot["companies"] = env["res.company"].search_count([])
print("SNAPSHOT " + json.dumps(snapshot, sort_keys=True))
'''


def _newest_release():
    releases = tomllib.loads((REPO_ROOT / "releases.toml").read_text())["release"]
    return max(releases, key=lambda release: tuple(int(part) for part in release["version"].split(".")))


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    return result.stdout


def _tagged_line(output, tag):
    lines = [line for line in output.splitlines() if line.startswith(f"{tag} ")]
    assert lines, f"no {tag} line in:\n{output[-3000:]}"
    return json.loads(lines[-1].split(" ", 1)[1])


class Odoo:
    """Odoo with one version of the addon: its code on --addons-path and PYTHONPATH, and
    the working directory (``python -m`` puts it first on sys.path: from the checkout's
    root, the checkout's own libraries would stand in for the release's)."""

    def __init__(self, source, data_dir, extra_paths=()):
        self.source = Path(source)
        self.data_dir = data_dir
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(self.source), *map(str, extra_paths)]))

    def _command(self, *args):
        return [os.environ["PO_ODOO_PY"], "-m", "odoo", *args, "-c", os.environ["PO_ODOO_CONF"],
                f"--addons-path={self.source}", f"--data-dir={self.data_dir}", "-d", DB, "--log-level=warn"]

    def server(self, *args):
        return _run([*self._command("server", "--stop-after-init", "--http-port=0"), *args], env=self.env,
                    cwd=self.source)

    def shell(self, script):
        return _run([*self._command("shell", "--no-http")], input="import json\n" + script, env=self.env,
                    cwd=self.source)


def _release_dependency_stubs(release_tree, directory):
    """The release's own library distribution under the name its manifest requires
    (Odoo checks an external dependency by its distribution name), for the release's
    code on PYTHONPATH: a dist-info beside it."""
    project = tomllib.loads((release_tree / "pyproject.toml").read_text())["project"]
    version = project.get("version") or re.search(
        r'__version__ = "(.+)"', (release_tree / "mega_erp" / "__init__.py").read_text()).group(1)
    dist_info = directory / f"{project['name'].replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {version}\n")
    return directory


database = throwaway_database(DB)


@pytest.fixture(scope="module")
def release_tree(tmp_path_factory):
    release = _newest_release()
    tree = tmp_path_factory.mktemp("release") / release["version"]
    known = subprocess.run(["git", "-C", str(REPO_ROOT), "cat-file", "-e", f"{release['commit']}^{{commit}}"],  # noqa: S603, S607
                           capture_output=True, check=False)
    assert known.returncode == 0, f"this clone lacks release {release['version']}'s commit (a shallow clone? " \
        "`git fetch --unshallow`)"
    _run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", "--force", str(tree), release["commit"]])
    yield tree
    subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(tree)], check=False)  # noqa: S603, S607


def test_upgrade_from_the_newest_release_keeps_every_record(database, release_tree, tmp_path):
    data_dir = tmp_path / "data"
    release = Odoo(release_tree, data_dir, [_release_dependency_stubs(release_tree, tmp_path / "stubs")])
    release.server("-i", "portal_operations", "--with-demo")
    made = _tagged_line(release.shell(MAKE_RECORDS), "MADE")
    release.shell(f"MADE = {json.dumps(json.dumps(made))}\n" + MAKE_LEGACY)
    before = _tagged_line(release.shell(SNAPSHOT), "SNAPSHOT")

    head = Odoo(REPO_ROOT, data_dir)
    head.server("-u", "portal_operations")
    after = _tagged_line(head.shell(SNAPSHOT), "SNAPSHOT")

    # the records made in every state are there
    requests_before = before["portal.change.request"]
    assert [requests_before[str(made[kind])]["state"] for kind in ("pending", "approved", "rejected")] == \
        ["pending", "approved", "rejected"]
    waiting_before = [call for calls in before["waiting for the ERP"].values() for call in calls]
    assert made["approved"] in [call[0] for call in waiting_before]
    assert any(call[1] for call in waiting_before), "no idempotency key to compare"
    contacts_before = before["portal.contact.request"]
    assert (contacts_before[str(made["internal"])]["state"], contacts_before[str(made["internal"])]["portal_state"]) \
        == ("observation", "pending")
    assert contacts_before[str(made["public"])]["portal_state"] == "resolved"
    assert before["rating.rating"] and any(rating["consumed"] for rating in before["rating.rating"].values())
    assert len(before["mega.sync.run"]) >= 2

    # the records older than their fields get what they derive from
    legacy_contact, legacy_approved = str(made["legacy_contact"]), str(made["legacy_approved"])
    assert before["portal.contact.request"][legacy_contact]["portal_state"] == "pending"  # the default
    assert after["portal.contact.request"][legacy_contact]["portal_state"] == "resolved"  # its state
    before["portal.contact.request"][legacy_contact]["portal_state"] = "resolved"
    legacy_before, legacy_after = requests_before[legacy_approved], after["portal.change.request"][legacy_approved]
    assert (legacy_before["sync_token"], legacy_before["approval_sequence"]) == (False, None)
    token = legacy_after["sync_token"]
    assert re.fullmatch(r"[0-9a-f]{32}", token or ""), legacy_after
    numbered = [request["approval_sequence"] for request_id, request in after["portal.change.request"].items()
                if request_id != legacy_approved and request["approval_sequence"] is not None]
    # below every number drawn since: sent first, as NULL sorted first
    assert legacy_after["approval_sequence"] is not None and legacy_after["approval_sequence"] < min(numbered)
    for snapshot in (before, after):
        del snapshot["portal.change.request"][legacy_approved]["sync_token"]
        del snapshot["portal.change.request"][legacy_approved]["approval_sequence"]
        for calls in snapshot["waiting for the ERP"].values():
            for call in calls:
                if call[0] == made["legacy_approved"]:
                    if snapshot is after:  # its calls carry its token now
                        assert call[1].startswith(f"chg:{token}:"), call
                    del call[1:]

    # everything reads as before: states, the status the customer sees, the approvals
    # waiting for the ERP in their order with their keys, pareceres, ratings, runs
    for section, records in before.items():
        if section == "field rule sets":
            continue
        if section == "counts":
            for model, count in records.items():
                if model == "portal.change.field.rule":  # each company its set: the sets multiply
                    assert after["field rule sets"] == after["companies"]
                    count = count // before["field rule sets"] * after["field rule sets"]
                assert after["counts"].get(model) == count, (model, count, after["counts"].get(model))
            continue
        assert after[section] == records, section
