# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulated ERP's data and business rules, independent of SOAP and HTTP.

Records are the frozen dataclasses of ``mega_erp.models`` kept in dicts by code; a
change replaces the record and stamps a new ``changed_at`` from a clock that never
repeats, so ``changedSince`` pulls see every change exactly once.
"""

import dataclasses
import re
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from mega_erp import models, xsd_rules

from . import demo_data
from .errors import InvalidData, RecordNotFound
from .validation import validate_agent

MAX_PAGE_SIZE = xsd_rules.element_rule("ListAgents", "pageSize").rule.max_inclusive
MAX_DESCRIPTION = xsd_rules.element_rule("CreateOccurrence", "description").rule.max_length
DEFAULT_PAGE_SIZE = 100
ENTITIES = tuple(models.LISTED_ENTITIES)
# Simulated batch jobs of the ERP: (name, state, minutes since start, minutes to finish).
JOBS = (
    ("Cálculo de correção monetária (IGP-M)", "running", 7, 30),
    ("Geração de boletos do mês", "running", 2, 10),
    ("Importação de retorno bancário", "queued", 0, 5),
    ("Baixa automática de parcelas", "done", 95, 15),
)


class SimulatorState:
    """Everything the simulator knows; every method is thread-safe."""

    def __init__(self, records, store=None):
        self.lock = threading.RLock()
        self.store = store
        self.developments = {r.code: r for r in records["developments"]}
        self.blocks = {r.code: r for r in records["blocks"]}
        self.lots = {r.code: r for r in records["lots"]}
        self.contracts = {r.code: r for r in records["contracts"]}
        self.agents = {r.code: r for r in records["agents"]}
        self.occurrences = list(records.get("occurrences", ()))
        self.idempotency = dict(records.get("idempotency", {}))
        self.calls = Counter()
        self.started_at = datetime.now(UTC)
        self._last_change = max(
            (r.changed_at for entity in ENTITIES for r in self.table(entity).values()),
            default=datetime(2000, 1, 1, tzinfo=UTC),
        )
        self._codes = {}  # entity -> codes in order, rebuilt when a record is added
        # (entity, code) of the records with a character XML cannot carry (legacy data)
        self.xml_unsafe = {
            (entity, r.code)
            for entity in ENTITIES
            for r in self.table(entity).values()
            if has_xml_unsafe_text(r)
        }

    # -- reading -----------------------------------------------------------------

    def table(self, entity):
        return getattr(self, entity)

    def list_page(self, entity, changed_since=None, page=None, page_size=None, **filters):
        """One page of ``entity`` ordered by code: (items, page, total_pages).

        Ordering by code (not by change) keeps pages stable while records change
        during a pull; ``changed_since`` is exclusive.
        """
        page = 1 if page is None else page
        page_size = DEFAULT_PAGE_SIZE if page_size is None else page_size
        if page < 1:
            raise InvalidData("page", "A página começa em 1.")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidData("pageSize", f"Tamanho de página entre 1 e {MAX_PAGE_SIZE}.")
        with self.lock:
            table = self.table(entity)
            records = [table[code] for code in self._ordered_codes(entity)]
        filters = {k: v for k, v in filters.items() if v}
        if changed_since is not None or filters:
            changed_since = _aware(changed_since)
            records = [
                r
                for r in records
                if (changed_since is None or r.changed_at > changed_since)
                and all(getattr(r, k) == v for k, v in filters.items())
            ]
        total_pages = -(-len(records) // page_size)
        start = (page - 1) * page_size
        return records[start : start + page_size], page, total_pages

    def _ordered_codes(self, entity):
        codes = self._codes.get(entity)
        if codes is None:
            codes = self._codes[entity] = sorted(self.table(entity))
        return codes

    def get(self, entity, code):
        try:
            return self.table(entity)[code]
        except KeyError:
            raise RecordNotFound(f"{entity[:-1]} {code!r} não encontrado.") from None

    def occurrences_for(self, contract_code):
        with self.lock:
            return [o for o in self.occurrences if o.contract_code == contract_code]

    def jobs(self):
        now = datetime.now(UTC)
        jobs = []
        for name, state, minutes_ago, duration in JOBS:
            started = self.started_at - timedelta(minutes=minutes_ago)
            if state == "running":
                elapsed = (now - started).total_seconds() / 60
                progress = min(99, int(elapsed * 100 / duration))
            else:
                progress = 100 if state == "done" else 0
            started_at = None if state == "queued" else started
            jobs.append(
                models.Job(name=name, state=state, started_at=started_at, progress=progress)
            )
        return jobs

    # -- writing -----------------------------------------------------------------

    def now(self):
        """A timestamp later than every change so far (strictly increasing)."""
        with self.lock:
            now = datetime.now(UTC)
            if now <= self._last_change:
                now = self._last_change + timedelta(microseconds=1)
            self._last_change = now
            return now

    def touch(self, entity, code, **changes):
        """Change a record as the ERP's users would; bumps ``changed_at``."""
        changes.pop("changed_at", None)
        with self.lock:
            record = dataclasses.replace(self.get(entity, code), **changes, changed_at=self.now())
            self.table(entity)[code] = record
            self._note_xml_unsafe(entity, record)
            self._save(entity, record)
            return record

    def add(self, entity, **fields):
        """Create a record (next free code unless given); stamps ``changed_at``."""
        fields.pop("changed_at", None)
        with self.lock:
            table = self.table(entity)
            code = fields.pop("code", None) or demo_data.make_code(entity, len(table) + 1)
            if code in table:
                raise InvalidData("code", f"Código {code} já existe.")
            record = models.LISTED_ENTITIES[entity](code=code, **fields, changed_at=self.now())
            table[code] = record
            self._note_xml_unsafe(entity, record)
            self._codes.pop(entity, None)
            self._save(entity, record)
            return record

    def update_agent(self, changes, idempotency_key):
        """Apply the non-empty fields of ``changes`` (an ``Agent``) after Mega's checks.

        Absent (None) fields stay as they are; an empty string clears a field.
        """
        _require_key(idempotency_key)
        with self.lock:
            previous = self._replay(idempotency_key, "UpdateAgent")
            if previous:
                return models.UpdateResult(code=previous["code"], changed_at=previous["changed_at"])
            current = self.get("agents", changes.code)
            values = {
                name: (value or None)
                for name, value in dataclasses.asdict(changes).items()
                if value is not None and name not in ("code", "changed_at")
            }
            merged = dataclasses.replace(current, **values)
            validate_agent(merged)
            record = self.touch("agents", merged.code, **values)
            result = models.UpdateResult(code=record.code, changed_at=record.changed_at)
            self._remember(
                idempotency_key, "UpdateAgent", code=result.code, changed_at=result.changed_at
            )
            return result

    def create_occurrence(
        self, contract_code, occurrence_type, description, occurred_at, idempotency_key
    ):
        """Post an occurrence on a contract once per idempotency key; returns its number."""
        _require_key(idempotency_key)
        with self.lock:
            previous = self._replay(idempotency_key, "CreateOccurrence")
            if previous:
                return previous["number"]
            self.get("contracts", contract_code)
            if not occurrence_type:
                raise InvalidData("occurrenceType", "Campo obrigatório.")
            if not description:
                raise InvalidData("description", "Campo obrigatório.")
            if len(description) > MAX_DESCRIPTION:
                raise InvalidData("description", f"Tamanho máximo de {MAX_DESCRIPTION} caracteres excedido.")
            occurrence = models.Occurrence(
                number=f"{len(self.occurrences) + 1:08d}",
                contract_code=contract_code,
                occurrence_type=occurrence_type,
                description=description,
                occurred_at=_aware(occurred_at) or self.now(),
                idempotency_key=idempotency_key,
            )
            self.occurrences.append(occurrence)
            if self.store:
                self.store.save_occurrence(occurrence)
            self._remember(idempotency_key, "CreateOccurrence", number=occurrence.number)
            return occurrence.number

    def _replay(self, key, operation):
        previous = self.idempotency.get(key)
        if previous and previous["operation"] != operation:
            raise InvalidData("idempotencyKey", f"Chave já usada em {previous['operation']}.")
        return previous

    def _remember(self, key, operation, **result):
        self.idempotency[key] = {"operation": operation, **result}
        if self.store:
            self.store.save_idempotency(key, self.idempotency[key])

    def _note_xml_unsafe(self, entity, record):
        if has_xml_unsafe_text(record):
            self.xml_unsafe.add((entity, record.code))
        else:
            self.xml_unsafe.discard((entity, record.code))

    def _save(self, entity, record):
        if self.store:
            self.store.save_record(entity, record)


# C0 control characters but tab, LF and CR: XML 1.0 cannot carry them.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_xml_unsafe_text(record):
    return any(
        isinstance(value, str) and XML_UNSAFE.search(value)
        for value in (getattr(record, f.name) for f in dataclasses.fields(record))
    )


def _require_key(key):
    if not key:
        raise InvalidData("idempotencyKey", "Chave de idempotência obrigatória.")


def _aware(moment):
    """Naive timestamps from clients are taken as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
