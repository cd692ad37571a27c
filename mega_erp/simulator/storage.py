# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Optional SQLite file that keeps the simulator's state across restarts.

Every change is written through at once (one row per record, JSON payload), so a
killed simulator loses nothing.
"""

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal

from mega_erp import models

_DECODERS = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    Decimal: Decimal,
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS record (
    entity TEXT NOT NULL, code TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (entity, code));
CREATE TABLE IF NOT EXISTS occurrence (number TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, data TEXT NOT NULL);
"""


def to_json_value(value):
    """JSON form of the record values JSON lacks: dates, timestamps, decimals."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"Cannot store {value!r}")


def _dump(record):
    return json.dumps(
        {f: getattr(record, f) for f, _x in models.xml_field_names(type(record))},
        default=to_json_value,
    )


def _load(record_class, data):
    values = json.loads(data)
    types = models.field_types(record_class)
    for name, value in values.items():
        decode = _DECODERS.get(types[name])
        if decode and value is not None:
            values[name] = decode(value)
    return record_class(**values)


class SqliteStore:
    """Write-through persistence of a ``SimulatorState`` (callers hold its lock)."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.connection.executescript(_SCHEMA)

    def is_empty(self):
        return self.connection.execute("SELECT 1 FROM record LIMIT 1").fetchone() is None

    def load(self):
        """``{entity: [records], 'occurrences': [...], 'idempotency': {...}}``."""
        records = {entity: [] for entity in models.LISTED_ENTITIES}
        rows = self.connection.execute("SELECT entity, data FROM record ORDER BY entity, code")
        for entity, data in rows:
            records[entity].append(_load(models.LISTED_ENTITIES[entity], data))
        records["occurrences"] = [
            _load(models.Occurrence, data)
            for (data,) in self.connection.execute("SELECT data FROM occurrence ORDER BY number")
        ]
        records["idempotency"] = {
            key: self._load_result(data)
            for key, data in self.connection.execute("SELECT key, data FROM idempotency")
        }
        return records

    def save_all(self, records):
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.execute("DELETE FROM record")
            self.connection.execute("DELETE FROM occurrence")
            self.connection.execute("DELETE FROM idempotency")
            self.connection.executemany(
                "INSERT INTO record VALUES (?, ?, ?)",
                (
                    (entity, r.code, _dump(r))
                    for entity in models.LISTED_ENTITIES
                    for r in records[entity]
                ),
            )

    def save_record(self, entity, record):
        self.connection.execute(
            "INSERT OR REPLACE INTO record VALUES (?, ?, ?)", (entity, record.code, _dump(record))
        )

    def save_occurrence(self, occurrence):
        self.connection.execute(
            "INSERT OR REPLACE INTO occurrence VALUES (?, ?)",
            (occurrence.number, _dump(occurrence)),
        )

    def save_idempotency(self, key, result):
        self.connection.execute(
            "INSERT OR REPLACE INTO idempotency VALUES (?, ?)",
            (key, json.dumps(result, default=to_json_value)),
        )

    @staticmethod
    def _load_result(data):
        result = json.loads(data)
        if result.get("changed_at"):
            result["changed_at"] = datetime.fromisoformat(result["changed_at"])
        return result

    def close(self):
        self.connection.close()
