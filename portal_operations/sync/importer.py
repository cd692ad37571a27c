# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Store pages of ERP records as idempotent upserts keyed by the Mega code.

One page is read from Odoo in a handful of queries (existing records, their current
values, the records they point to) and written in one batch; only records whose values
changed are written. When the batch fails, each record is retried alone inside its
own savepoint, so one bad record is logged and the others are kept.
"""

import logging

from odoo import Command
from odoo.exceptions import UserError

from ..models.res_city import city_key
from ..validation import ERP_HARD_LIMIT, FROM_ERP_CONTEXT, clean_erp_text
from . import change_history, mapping

_logger = logging.getLogger(__name__)

# Context for bulk writes: no chatter noise, no mail for each created partner.
BULK_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "active_test": False,
}


class SkipRecord(Exception):
    """The record cannot be stored (e.g. it points to a record the ERP did not send)."""


def _same(old, new):
    if isinstance(old, float) or isinstance(new, float):
        return abs((old or 0.0) - (new or 0.0)) < 0.005
    return (old or False) == (new or False)


class Importer:
    """Stores the pages of one entity for one backend."""

    entity = None  # the name in Mega's List* operations
    model = None
    code_field = "code"
    FIELDS = ()  # the fields _values() sets, compared before writing

    def __init__(self, backend, run):
        self.backend = backend
        self.run = run
        self.env = backend.env(context=dict(backend.env.context, **BULK_CONTEXT))
        self.Model = self.env[self.model].sudo()

    # -- hooks per entity --------------------------------------------------------

    def _company_domain(self):
        return [("company_id", "=", self.backend.company_id.id)]

    def _prepare_lookups(self, records):
        """Whatever the values of this page need, looked up at once."""
        return {}

    def _values(self, record, lookups):
        raise NotImplementedError

    def _protected_fields(self, existing):
        """Fields of existing records the ERP must not overwrite: record id -> names."""
        return {}

    def _kept_records(self, existing):
        """Existing records the ERP must not change at all: record id -> why (a warning
        of the run's log, each time the ERP sends one)."""
        return {}

    def _after_page(self, created, updated):
        """Hook after a page is stored."""

    # -- the upsert --------------------------------------------------------------

    def _ids_by_code(self, model, codes, field="code"):
        """{Mega code: id} of this company's ``model`` records among ``codes``, at once."""
        found = self.env[model].sudo().search([(field, "in", list(codes)), *self._company_domain()])
        return {record[field]: record.id for record in found}

    def label(self):
        """The entity's name, for the progress of a run."""
        env = self.env
        return {
            "developments": env._("Developments"), "blocks": env._("Blocks"), "lots": env._("Lots"),
            "agents": env._("Customers"), "contracts": env._("Contracts"),
        }[self.entity]

    def _id_of(self, lookups, kind, code):
        """The id of the ``kind`` record with Mega ``code`` (see ``_prepare_lookups``);
        a record pointing to one the ERP did not send cannot be stored."""
        record_id = lookups[kind].get(code)
        if not record_id:
            env = self.env
            label = {
                "development": env._("Development"), "block": env._("Block"), "lot": env._("Lot"),
                "agent": env._("Customer"),
            }[kind]
            raise SkipRecord(env._("%(kind)s %(code)s is unknown: the ERP did not send it.", kind=label, code=code))
        return record_id

    def _existing(self, codes):
        records = self.Model.search([(self.code_field, "in", codes), *self._company_domain()])
        return {record[self.code_field]: record for record in records}

    def import_page(self, records):
        """Store one page; returns the created and updated counts and the codes of the
        records that failed."""
        lookups = self._prepare_lookups(records)
        existing = self._existing([record.code for record in records])
        current = {}
        if existing:
            found = self.Model.browse([record.id for record in existing.values()])
            current = {row["id"]: row for row in found.read(list(self.FIELDS), load=False)}
        protected = self._protected_fields(existing)
        kept = self._kept_records(existing)
        to_create, to_write, failed = [], [], set()
        for record in records:
            try:
                values = self._values(record, lookups)
            except SkipRecord as error:
                self.run._log("error", self.entity, record.code, str(error))
                failed.add(record.code)
                continue
            target = existing.get(record.code)
            if not target:
                to_create.append((record.code, values))
                continue
            if target.id in kept:
                self.run._log("warning", self.entity, record.code, kept[target.id])
                continue
            row = current[target.id]
            skip = protected.get(target.id, ())
            changes = {
                name: value for name, value in values.items()
                if name not in skip and not _same(row.get(name), value)
            }
            if changes:
                to_write.append((record.code, target, changes))
        created, failed_create = self._create(to_create)
        updated, failed_write = self._write(to_write)
        self._after_page(created, updated)
        return len(created), len(updated), failed | failed_create | failed_write

    def _create(self, to_create):
        if not to_create:
            return self.Model, set()
        try:
            with self.env.cr.savepoint():
                return self.Model.create([values for __, values in to_create]), set()
        except Exception:  # noqa: BLE001 - isolate the bad record(s) below
            _logger.info("Batch create of %s failed; storing one by one", self.entity, exc_info=True)
        created, failed = self.Model, set()
        for code, values in to_create:
            try:
                with self.env.cr.savepoint():
                    created |= self.Model.create(values)
            except Exception as error:  # noqa: BLE001 - logged, the others go on
                self.run._log("error", self.entity, code, str(error))
                failed.add(code)
        return created, failed

    def _write(self, to_write):
        updated, failed = self.Model, set()
        for code, record, changes in to_write:
            try:
                with self.env.cr.savepoint():
                    record.write(changes)
                updated |= record
            except Exception as error:  # noqa: BLE001 - logged, the others go on
                self.run._log("error", self.entity, code, str(error))
                failed.add(code)
        return updated, failed


class DevelopmentImporter(Importer):
    entity = "developments"
    model = "realestate.development"
    FIELDS = ("code", "name", "kind", "city", "state_code", "visible_on_portal", "active")

    def _values(self, record, lookups):
        return {**mapping.development_values(record), "company_id": self.backend.company_id.id}


class BlockImporter(Importer):
    entity = "blocks"
    model = "realestate.block"
    FIELDS = ("code", "name", "development_id", "visible_on_portal")

    def _prepare_lookups(self, records):
        return {"development": self._ids_by_code(
            "realestate.development", {record.development_code for record in records},
        )}

    def _values(self, record, lookups):
        return mapping.block_values(record, self._id_of(lookups, "development", record.development_code))


class LotImporter(Importer):
    entity = "lots"
    model = "realestate.lot"
    FIELDS = ("code", "name", "block_id", "area")

    def _prepare_lookups(self, records):
        return {"block": self._ids_by_code("realestate.block", {record.block_code for record in records})}

    def _values(self, record, lookups):
        return mapping.lot_values(record, self._id_of(lookups, "block", record.block_code))


class AgentImporter(Importer):
    entity = "agents"
    model = "res.partner"
    code_field = "mega_agent_code"
    # every field _values() sets: an agent the ERP sends again unchanged is not written
    FIELDS = ("mega_agent_code", "is_company", "city_id", "country_id", "company_id", *mapping.AGENT_FIELDS)
    _cities = None  # {(state id, city key): res.city id}, read once per run

    def __init__(self, backend, run):
        super().__init__(backend, run)
        # Stored as Mega ERP sends them: format rules flag the customer, never refuse it
        # (res.partner.mega_data_issues).
        self.Model = self.Model.with_context(**FROM_ERP_CONTEXT)
        self._cleaned = {}  # agent code -> fields cleaned of what Odoo cannot store

    def _prepare_lookups(self, records):
        states = self.env["res.country.state"].sudo().search([("country_id.code", "=", "BR")])
        if self._cities is None:  # Brazil's cities, where l10n_br gives them
            self._cities = self.env["res.city"]._portal_operations_index(states.country_id[:1])
        return {
            "state": {state.code: state.id for state in states}, "country": states.country_id[:1].id,
            "city": self._cities,
        }

    def _values(self, record, lookups):
        values = mapping.partner_values(record, lookups["state"])
        cleaned = []
        for name, value in values.items():
            values[name], changed = clean_erp_text(value)
            if changed:
                cleaned.append(name)
        if cleaned:
            self._cleaned[record.code] = cleaned
        values["country_id"] = lookups["country"]
        values["company_id"] = self.backend.company_id.id
        values["city_id"] = lookups["city"].get((values["state_id"], city_key(values["city"]))) or False
        return values

    def _after_page(self, created, updated):
        """Tell, on the customer and in the run's log, which ERP values lost what Odoo
        cannot store (control characters, text beyond the hard limit)."""
        if not self._cleaned:
            return
        notes = {}
        for partner in created | updated:
            fields_cleaned = self._cleaned.get(partner.mega_agent_code)
            if not fields_cleaned:
                continue
            labels = ", ".join(partner._personal_data_label(name) for name in fields_cleaned)
            message = self.env._(
                "Mega ERP sent %(fields)s with characters Odoo cannot store (control characters, or "
                "text beyond %(limit)s characters): they were removed. Correct the agent in Mega ERP.",
                fields=labels, limit=ERP_HARD_LIMIT,
            )
            notes[partner.id] = message
            self.run._log("warning", self.entity, partner.mega_agent_code, message)
        self._cleaned = {}
        if notes:
            self.Model.browse(list(notes))._message_log_batch(notes)

    def _kept_records(self, existing):
        """Anonymised customers (LGPD, ``res.partner.privacy_anonymized_date``) keep their
        anonymised values: what Mega ERP still holds of them is the ERP's to treat."""
        anonymized = self.env["res.partner"].union(*existing.values()).filtered("privacy_anonymized_date")
        return {
            partner.id: self.env._(
                "Mega ERP still holds the data of this customer, anonymised on %(date)s (LGPD): "
                "Odoo keeps the anonymised values. Treat the agent in Mega ERP.",
                date=partner.privacy_anonymized_date.date().isoformat(),
            )
            for partner in anonymized
        }

    def _protected_fields(self, existing):
        """Fields whose last approved change the ERP has not accepted yet keep the
        approved value: the ERP's value is older and would undo it (or bring back a
        value a later change replaced)."""
        return change_history.fields_awaiting_erp(self.env, self.env["res.partner"].union(*existing.values()))


class ContractImporter(Importer):
    entity = "contracts"
    model = "realestate.contract"
    FIELDS = ("code", "partner_id", "development_id", "block_id", "lot_id", "status",
              "signature_date", "visible_on_portal")

    def _prepare_lookups(self, records):
        return {
            "agent": self._ids_by_code(
                "res.partner", {r.agent_code for r in records}, field="mega_agent_code",
            ),
            "development": self._ids_by_code("realestate.development", {r.development_code for r in records}),
            "block": self._ids_by_code("realestate.block", {r.block_code for r in records if r.block_code}),
            "lot": self._ids_by_code("realestate.lot", {r.lot_code for r in records if r.lot_code}),
        }

    def _values(self, record, lookups):
        return {
            **mapping.contract_values(
                record, self._id_of(lookups, "agent", record.agent_code),
                self._id_of(lookups, "development", record.development_code),
                lookups["block"].get(record.block_code), lookups["lot"].get(record.lot_code),
            ),
            "company_id": self.backend.company_id.id,
        }

    def _after_page(self, created, updated):
        if self.backend.auto_invite_portal:
            self._invite_customers((created | updated).partner_id)

    def _invite_customers(self, partners):
        """Odoo's own portal invitation, once per customer with a published contract
        (in the run's environment: the bulk context is for storing, not for inviting)."""
        env = self.backend.env
        partners = partners.filtered(
            lambda partner: partner.email and not partner.user_ids and not partner.mega_portal_invited
            and partner.realestate_contract_ids.filtered("is_published")
        )
        if not partners:
            return
        wizard = env["portal.wizard"].sudo().create({"partner_ids": [Command.set(partners.ids)]})
        for line in wizard.user_ids:
            try:
                with env.cr.savepoint():
                    line.action_grant_access()
            except UserError as error:
                _logger.info("Portal invitation of %s failed: %s", line.partner_id.name, error)
        partners.write({"mega_portal_invited": True})


IMPORTERS = (DevelopmentImporter, BlockImporter, LotImporter, AgentImporter, ContractImporter)
