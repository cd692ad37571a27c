# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``MegaClient``: the one way the rest of the code talks to Mega ERP.

A thin layer over a transport (SOAP through zeep today): snake_case methods, plain
dataclasses out, typed errors, optional retries of retryable errors with exponential
backoff and jitter, lazy iteration over paged lists, and a debug log line per call
(never the password, never the personal data sent).

What a request carries is checked against the contract's schema before it is sent
(``xsd_rules``: a few comparisons per value): a value the ERP would refuse raises
``MegaValidationError`` (``sent=False``, with the schema's ``rule`` and ``limit``)
without a round trip. Responses are not held to the request rules: the ERP returns
legacy data that today's rules would refuse.
"""

import logging
import random
import time

from . import models, xsd_rules
from .exceptions import MegaRetryableError, MegaValidationError
from .soap import LIST_OPERATIONS, SoapTransport

_logger = logging.getLogger(__name__)
DEFAULT_PAGE_SIZE = 500
_AGENT_XML_NAMES = models.xml_field_names(models.Agent)


class MegaClient:
    """Client of Mega ERP's portal services.

    :param transport: an object with the ``SoapTransport`` methods (tests, REST later);
        default: a ``SoapTransport`` built from ``transport_options``
    :param retries: how many times a retryable error is retried (0: never)
    :param backoff: first retry delay in seconds, doubled at each retry, with jitter
    :param max_backoff: the longest delay between two attempts, in seconds
    :param check_requests: check the values sent against the schema first
    :param transport_options: the ``SoapTransport``'s own keyword arguments (the WSDL,
        the endpoint, the credentials, the timeout, the session...), given as they are
    """

    def __init__(self, *, transport=None, retries=0, backoff=0.5, max_backoff=30.0, check_requests=True,
                 **transport_options):
        if transport is not None and transport_options:
            raise TypeError(f"transport options given with a transport: {sorted(transport_options)}")
        self.transport = transport or SoapTransport(**transport_options)
        self.check_requests = check_requests
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._random = random.Random()

    def _call(self, name, summary, method, *args):
        """Run ``method(*args)``, retrying retryable errors up to ``self.retries`` times."""
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                result = method(*args)
            except MegaRetryableError as error:
                if attempt >= self.retries:
                    _logger.debug("Mega %s(%s) failed: %r", name, summary, error)
                    raise
                delay = min(self.max_backoff, self.backoff * 2**attempt)
                delay *= self._random.uniform(0.5, 1.0)  # jitter: clients don't retry in step
                attempt += 1
                _logger.info(
                    "Mega %s(%s): %s; retry %d/%d in %.2fs",
                    name, summary, error, attempt, self.retries, delay,
                )  # fmt: skip
                time.sleep(delay)
            else:
                if _logger.isEnabledFor(logging.DEBUG):
                    elapsed = time.perf_counter() - started
                    _logger.debug("Mega %s(%s) ok in %.3fs", name, summary, elapsed)
                return result

    def _check(self, operation, type_name, values):
        """Raise ``MegaValidationError`` for the first value ``mega.xsd`` refuses."""
        if not self.check_requests:
            return
        found = xsd_rules.violations(type_name, values)
        if found:
            violation = found[0]
            raise MegaValidationError(
                xsd_rules.describe(violation), violation.field, operation,
                rule=violation.rule, limit=violation.limit, sent=False,
            )  # fmt: skip

    # -- single calls ----------------------------------------------------------------

    def ping(self):
        """-> ``ServerInfo``: checks the endpoint and the credentials."""
        return self._call("Ping", "", self.transport.ping)

    def get_agent(self, code):
        """-> ``Agent``; ``MegaNotFoundError`` if there is none with that code."""
        self._check("GetAgent", "GetAgent", {"code": code})
        return self._call("GetAgent", code, self.transport.get_agent, code)

    def update_agent(self, agent, idempotency_key):
        """Send the non-None fields of ``agent`` -> ``UpdateResult(code, changed_at)``.

        The same ``idempotency_key`` always gets the first answer, so a retry after a
        lost response changes nothing twice.
        """
        if self.check_requests:
            values = {xml: getattr(agent, attr) for attr, xml in _AGENT_XML_NAMES}
            self._check("UpdateAgent", "AgentChange", values)
            self._check("UpdateAgent", "UpdateAgent", {"agent": values, "idempotencyKey": idempotency_key})
        summary = f"{agent.code}, key={idempotency_key}"
        return self._call(
            "UpdateAgent", summary, self.transport.update_agent, agent, idempotency_key
        )

    def create_occurrence(
        self, contract_code, occurrence_type, description, occurred_at, idempotency_key
    ):
        """Post an occurrence on a contract -> its number (once per idempotency key)."""
        self._check("CreateOccurrence", "CreateOccurrence", {
            "contractCode": contract_code, "occurrenceType": occurrence_type,
            "description": description, "idempotencyKey": idempotency_key,
        })  # fmt: skip
        summary = f"{contract_code}, {occurrence_type}, key={idempotency_key}"
        return self._call(
            "CreateOccurrence",
            summary,
            self.transport.create_occurrence,
            contract_code,
            occurrence_type,
            description,
            occurred_at,
            idempotency_key,
        )

    def list_jobs(self):
        """-> ``list[Job]``: the ERP's batch jobs running, queued or just done."""
        return self._call("ListJobs", "", self.transport.list_jobs)

    # -- paged lists -----------------------------------------------------------------

    def list_page(self, entity, changed_since=None, page=1, page_size=DEFAULT_PAGE_SIZE, **filters):
        """One ``Page`` of ``entity`` (``"agents"``, ``"contracts"``...), changed after
        ``changed_since`` if given, ordered by code."""
        operation = LIST_OPERATIONS[entity]
        self._check(operation, operation, {"page": page, "pageSize": page_size})
        summary = f"{changed_since}, page={page}, size={page_size}"
        return self._call(
            operation,
            summary,
            lambda: self.transport.list_page(entity, changed_since, page, page_size, **filters),
        )

    def iter_records(self, entity, changed_since=None, page_size=DEFAULT_PAGE_SIZE, **filters):
        """Every record of ``entity``, fetching one page at a time (memory stays flat)."""
        page = 1
        while True:
            result = self.list_page(entity, changed_since, page, page_size, **filters)
            yield from result.items
            if page >= result.total_pages:
                return
            page += 1
