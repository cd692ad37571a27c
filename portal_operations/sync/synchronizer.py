# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The run engine of the synchronization with Mega ERP (Sincronização das Bases).

``Synchronizer(backend).run(user)`` takes the backend's lock, records a
``mega.sync.run``, pushes the approved changes (``exporter``), then pulls each entity
changed since its watermark, page by page (``importer``), committing as it goes so the
screen shows progress and a crash loses at most one batch. ``mega.backend`` keeps the
connection settings, the screen and its buttons; it calls this class, which reads the
settings (``client_cache.client_for``) and raises and words its own errors
(``errors``).

Texts the run writes (progress, log, chatter, the error log) are in the language of
whoever reads them: the user who started the run, else the company's.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from mega_erp.exceptions import MegaError, MegaUnreadableError

from .client_cache import client_for
from .errors import AlreadyRunning, describe_error
from .exporter import ChangeRequestExporter
from .importer import IMPORTERS

_logger = logging.getLogger(__name__)

# First key of the PostgreSQL advisory lock of a backend's run ("MEGA"); the second is its id.
LOCK_NAMESPACE = 0x4D454741
# How long Destravar waits for the stopped session to let the lock go (it takes milliseconds).
TERMINATE_WAIT = timedelta(seconds=10)


class RunLock:
    """The advisory lock of one backend's runs. It dies with the process holding it.

    PostgreSQL scopes advisory locks to the database they are taken in; ``pg_locks``
    shows those of every database, so every lookup here is filtered on this one: a run
    of another database (with a backend of the same id) is never seen, waited for or
    stopped.
    """

    _HOLDERS = """
        SELECT pid FROM pg_locks
         WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    """
    _TERMINATE_HOLDERS = """
        SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    """

    def __init__(self, backend):
        self.cr = backend.env.cr
        self.key = (LOCK_NAMESPACE, backend.id)

    def acquire(self):
        self.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key)
        return self.cr.fetchone()[0]

    def release(self):
        self.cr.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)

    def is_held(self):
        """Whether a live process of this database holds the lock."""
        self.cr.execute(self._HOLDERS, self.key)
        return bool(self.cr.fetchone())

    def terminate_holder(self, wait=TERMINATE_WAIT):
        """Stop the session of this database that holds the lock (Destravar), and wait
        until it let the lock go: PostgreSQL only signals it, and a run started right
        after Destravar must find the lock free. ``pg_locks`` shows the present, not the
        transaction's snapshot. Returns whether the lock is free."""
        self.cr.execute(self._TERMINATE_HOLDERS, self.key)
        deadline = time.monotonic() + wait.total_seconds()
        while self.is_held():
            if time.monotonic() > deadline:
                _logger.warning("The session holding lock %s did not stop within %s.", self.key, wait)
                return False
            time.sleep(0.05)
        return True


def reader_lang(backend, user):
    """The language of whoever reads what a run writes: its starter, else the company."""
    return (user and user.lang) or backend.company_id.partner_id.lang or backend.env.lang or "en_US"


class Synchronizer:
    """One synchronization run of one backend (push, then pull), in the backend's cursor."""

    def __init__(self, backend, user=None):
        backend.ensure_one()
        self.user = user
        self.backend = backend.sudo().with_context(lang=reader_lang(backend.sudo(), user))
        self.env = self.backend.env
        self.lock = RunLock(self.backend)

    def run(self, pull=True):
        """Run now, committing as it goes. Returns the run. Without ``pull`` (after an
        approval) it only sends the approved changes, and records no run when there
        are none (returns None).

        :raise AlreadyRunning: when another run of this backend holds the lock
        """
        if not pull and not ChangeRequestExporter(self.backend, None, None).has_changes():
            return None
        if not self.lock.acquire():
            raise AlreadyRunning(self.env)
        try:
            run = self._start_run(trigger=None if pull else "approval")
            self._execute(run, pull=pull)
        finally:
            self.lock.release()
        return run

    def _start_run(self, trigger=None):
        backend = self.backend
        stuck_runs = self.env["mega.sync.run"].search([("backend_id", "=", backend.id), ("state", "=", "running")])
        for stuck in stuck_runs:
            # Its process is gone: we hold the lock.
            stuck._log("warning", None, None, self.env._("Interrupted; resumed by a new run."))
            stuck._finish("failed")
        run = self.env["mega.sync.run"].create({
            "backend_id": backend.id,
            "user_id": self.user.id if self.user else False,
            "trigger": trigger or ("manual" if self.user else "scheduled"),
            "show_error_log": backend.show_error_log,
        })
        if trigger != "approval":  # a push alone leaves the synchronization asked for to come
            backend.requested_by_id = False
        # The run must be seen (by the screen and by a later run) while it works, and its
        # lock outlives this transaction: commit before the long work, which then commits
        # progress in batches through ir.cron._commit_progress.
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return run

    def _execute(self, run, pull=True):
        def commit(processed=0):
            run._beat()
            self.env["ir.cron"]._commit_progress(processed)

        try:
            client = client_for(self.backend)
            run._beat(self.env._("Sending approved changes"))
            ChangeRequestExporter(self.backend, run, client).push(commit)
            commit()
            for importer_class in IMPORTERS if pull else ():
                self._pull(run, client, importer_class, commit)
            run._finish("done")
        except Exception as error:  # noqa: BLE001 - any failure ends the run as failed
            if isinstance(error, MegaError):
                # expected (ERP down, refused login): one line, no traceback
                _logger.warning("Mega synchronization %s failed: %s", run.id, describe_error(self.backend, error))
            else:
                _logger.exception("Mega synchronization %s failed", run.id)
            self.env.cr.rollback()
            self.env.invalidate_all()
            run._log("error", None, None, describe_error(self.backend, error))
            run._finish("failed")
        commit()
        run._send_error_log()
        commit()

    def _pull(self, run, client, importer_class, commit):
        """Pull one entity changed since its watermark, page by page. The watermark
        moves only once every page is stored; when records failed (or could not be
        read), it stops before the oldest of them, so the next run takes them again."""
        backend = self.backend
        entity = importer_class.entity
        importer = importer_class(backend, run)
        watermark_field = f"watermark_{entity}"
        since = backend[watermark_field] or None
        newest = oldest_failed = None
        hold_watermark = False
        for page_number, items, total_pages, unreadable in self._pages(client, entity, since):
            run._beat(self.env._("%(entity)s: page %(page)s of %(total)s", entity=importer.label(),
                                 page=page_number, total=total_pages or 1))
            created, updated, failed_codes = importer.import_page(items) if items else (0, 0, set())
            run._add_counts(entity, created + updated)
            stamps = [(record.code, _naive(record.changed_at)) for record in items]
            for code, stamp in unreadable:
                run._log("error", entity, code, self.env._(
                    "Mega ERP sent this record with a character XML cannot carry (a control character): "
                    "it was skipped and will be read again at the next run. Correct it in Mega ERP.",
                ))
                failed_codes.add(code)
                hold_watermark = hold_watermark or stamp is None
                stamps.append((code, _naive(stamp)))
            for code, stamp in stamps:
                if stamp and (newest is None or stamp > newest):
                    newest = stamp
                if code in failed_codes and stamp and (oldest_failed is None or stamp < oldest_failed):
                    oldest_failed = stamp
            commit(len(items))
        watermark = newest
        if oldest_failed is not None:
            watermark = oldest_failed - timedelta(microseconds=1)
        if watermark and not hold_watermark and (not since or watermark > since):
            backend[watermark_field] = watermark
            commit()

    def _pages(self, client, entity, since):
        """``(number, records, total pages, unreadable)`` for each page of ``entity``
        changed since ``since``, in order; ``unreadable``: ``(code, changed_at)`` of the
        records the client could not read (see ``_read_around``). The next page is
        fetched in a background thread while the caller stores the current one (the
        thread only talks to the ERP)."""
        page_size = self.backend.page_size or 500
        with ThreadPoolExecutor(1, thread_name_prefix="mega-pull") as prefetch:
            def fetch(number):
                return prefetch.submit(
                    client.list_page, entity, changed_since=since, page=number, page_size=page_size,
                )

            number, next_page, total_pages = 1, fetch(1), 1
            while True:
                try:
                    page = next_page.result()
                except MegaUnreadableError as error:
                    start = (number - 1) * page_size
                    items, unreadable = self._read_around(client, entity, since, start, page_size, error)
                    total_pages = error.total_pages or total_pages
                else:
                    items, unreadable, total_pages = page.items, [], page.total_pages
                if number < total_pages:
                    next_page = fetch(number + 1)
                yield number, items, total_pages, unreadable
                if number >= total_pages:
                    return
                number += 1

    def _read_around(self, client, entity, since, start, size, error):
        """``(records, unreadable)`` of the ``size`` records from position ``start``,
        whose page the client could not read (``error``): read again in halves (or one
        by one), so that only the records it cannot read are left out."""
        if size == 1:
            return [], error.records[:1] or [(None, None)]
        part = size // 2 if size % 2 == 0 else 1
        items, unreadable = [], []
        for part_start in range(start, start + size, part):
            try:
                page = client.list_page(
                    entity, changed_since=since, page=part_start // part + 1, page_size=part,
                )
            except MegaUnreadableError as part_error:
                part_items, part_unreadable = self._read_around(client, entity, since, part_start, part, part_error)
            else:
                if not page.items:
                    break  # past the last record
                part_items, part_unreadable = page.items, []
            items += part_items
            unreadable += part_unreadable
        return items, unreadable


def _naive(stamp):
    return stamp.replace(tzinfo=None) if stamp else None
