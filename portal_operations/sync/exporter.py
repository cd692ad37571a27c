# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Send approved registration changes to Mega ERP.

For each request ``to_sync``, in the order of approval: ``UpdateAgent`` with the
approved values, then ``CreateOccurrence`` ("alteração cadastral") on each contract in
force of the customer. Every call carries an idempotency key made of the token drawn at
the approval, so a retry after a crash or a lost answer never changes the agent twice
nor posts a second occurrence, and no other approval (not even one in a restored copy
of the database) can be taken for this one. The answers are stored and committed in
small batches as they arrive: a crash between an answer and its commit costs only a
resend with the same keys.

The last approved value always wins. The requests of one customer are sent one after
the other, and a request is not sent in a run where an earlier one of the same customer
was not accepted (busy, timed out, ERP unreachable): both go in a later run, in order.
A request sends only the fields that no later approved change of the customer carries
(``change_history.lines_to_send``), so a request sent again late (corrected
after a refusal) never brings back an older value. A refusal (validation) blocks
nothing: the request shows the error, the later ones go on. A value that breaks the
contract's schema (``mega.xsd``: a length, a format, a required field) is refused by the
client before it is sent, without a round trip, and shown the same way: the field and
the rule, in the reader's language.

The ERP calls of the next requests are sent by a few worker threads while the main
thread stores the answers of the previous ones: the ERP's time and Odoo's overlap.
The workers only talk to the ERP; only the main thread touches the ORM and the cursor.
"""

import hashlib
import itertools
import logging
import secrets
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

from mega_erp.exceptions import (
    MegaAuthenticationError,
    MegaConnectionError,
    MegaNotFoundError,
    MegaProtocolError,
    MegaRetryableError,
    MegaValidationError,
)

from . import change_history, mapping
from .errors import describe_error

_logger = logging.getLogger(__name__)

# Contracts in force: an occurrence is posted on each of them.
CONTRACT_STATUSES_IN_FORCE = ("active", "defaulting")
# Requests whose ERP calls run at once; answers stored (and committed) together; and how
# many requests are sent ahead of those being stored: the next batch travels while one
# is stored, and a stop (ERP unreachable) wastes little.
PARALLEL_CALLS = 6
BATCH_SIZE = 50
SENT_AHEAD = BATCH_SIZE


def _digest(values):
    """A short fingerprint of the values an UpdateAgent sends."""
    return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:16]


class StopPush(Exception):
    """The ERP cannot take more now (unreachable, or the credentials are refused)."""


class WaitingForEarlier(Exception):
    """An earlier change of the same customer was not accepted in this run."""


# The ERP's refusals of a change: they block neither the run nor the customer's next changes.
REFUSALS = (MegaValidationError, MegaNotFoundError)


@dataclass(frozen=True)
class PushCall:
    """What the ERP calls of one request need, read from Odoo before they are sent
    (a worker thread must not touch the ORM)."""

    agent_code: str
    agent: object  # mega_erp.models.Agent, None when a later change carries every field
    agent_key: str
    occurrences: tuple  # (contract id, contract code, idempotency key) per contract in force
    description: str
    date: object


class ChangeRequestExporter:

    def __init__(self, backend, run, client):
        self.backend = backend
        self.run = run
        self.client = client
        self.env = backend.env

    @staticmethod
    def _key(request, *parts):
        return ":".join(("chg", request.sync_token, *parts))

    def _domain_to_push(self):
        return [
            ("state", "=", "approved"), ("sync_state", "=", "to_sync"),
            ("company_id", "=", self.backend.company_id.id),
        ]

    def _requests_to_push(self):
        return self.env["portal.change.request"].sudo().search(
            self._domain_to_push(), order=change_history.APPROVAL_ORDER,
        )

    def has_changes(self):
        """Whether an approved change waits for the ERP (a cheap look before a run)."""
        return bool(self.env["portal.change.request"].sudo().search_count(self._domain_to_push(), limit=1))

    def push(self, commit):
        """Push every request to sync; ``commit(count)`` is called after each batch.
        Returns (synced, errors, left) counts."""
        requests = self._requests_to_push()
        untokened = requests.filtered(lambda request: not request.sync_token)
        if untokened:  # approved before tokens existed: drawn and committed before any call
            for request in untokened:
                request.sync_token = secrets.token_hex(16)
            commit()
        calls = self._prepare_calls(requests)  # read at once: the first commit clears the cache
        with ThreadPoolExecutor(PARALLEL_CALLS, thread_name_prefix="mega-push") as pool:
            answers = self._send_all(pool, calls)
            try:
                return self._store_all(requests, calls, answers, commit)
            finally:
                answers.close()  # cancels the calls not started yet

    def _store_all(self, requests, calls, answers, commit):
        """The run's count of changes sent moves with each batch, in its transaction:
        exact whatever stops the run."""
        synced = errors = stored = 0
        items = zip(requests, calls, answers, strict=True)
        while batch := list(itertools.islice(items, BATCH_SIZE)):
            accepted, refused, stop = self._store_batch(batch)
            self.run._add_counts("changes", accepted)
            synced += accepted
            errors += refused
            if stop is not None:
                self.run._log("error", "changes", batch[0][0].name, str(stop))
                commit(accepted)
                return synced, errors, len(requests) - stored - accepted
            stored += len(batch)
            commit(len(batch))
        return synced, errors, 0

    def _store_batch(self, batch):
        """Record the ERP's answers to a batch of requests: the refusals one by one, the
        successes together. Returns the accepted and refused counts, and the
        ``StopPush`` that ended the batch early, if any."""
        succeeded, refused, stop = {}, 0, None
        try:
            for request, call, answer in batch:
                numbers = self._answer(request, call, answer)
                if numbers is None:
                    refused += 1
                else:
                    succeeded[request] = numbers
        except StopPush as error:
            stop = error  # what the ERP took before it stopped is stored below
        accepted = self._store_succeeded(succeeded)
        return accepted, refused + len(succeeded) - accepted, stop

    def _store_succeeded(self, succeeded):
        """Store the accepted requests (request -> numbers) together, or one by one,
        each in its savepoint, if that fails. Returns how many were stored."""
        if not succeeded:
            return 0
        try:
            with self.env.cr.savepoint():
                change_history.sync_succeeded(self.env["portal.change.request"].union(*succeeded), succeeded)
            return len(succeeded)
        except Exception:  # noqa: BLE001 - isolate the request that fails below
            _logger.info("Storing a batch of pushed changes failed; one by one", exc_info=True)
        accepted = 0
        for request, numbers in succeeded.items():
            try:
                with self.env.cr.savepoint():
                    change_history.sync_succeeded(request, {request: numbers})
                accepted += 1
            except Exception as error:  # noqa: BLE001 - logged, the others go on
                self.run._log("error", "changes", request.name, str(error))
        return accepted

    def _prepare_calls(self, requests):
        """The ``PushCall`` of each request (None when the customer has no agent code)."""
        state_codes = {state.id: state.code for state in self.env["res.country.state"].sudo().search(
            [("country_id.code", "=", "BR")])}
        calls = []
        lines_to_send = change_history.lines_to_send(requests) if requests else {}
        for request in requests:
            partner = request.partner_id
            if not partner.mega_agent_code:
                calls.append(None)
                continue
            contracts = partner.commercial_partner_id.realestate_contract_ids.filtered(
                lambda contract: contract.status in CONTRACT_STATUSES_IN_FORCE
            ).sorted("code")
            values = {line.field_name: line.final_value for line in lines_to_send[request]}
            calls.append(PushCall(
                agent_code=partner.mega_agent_code,
                agent=mapping.agent_changes(partner.mega_agent_code, values, state_codes) if values else None,
                # the values are part of the key: a corrected request sends other values,
                # which the ERP must apply, not answer as it answered the first send
                agent_key=self._key(request, "agent", _digest(values)),
                occurrences=tuple(
                    (contract.id, contract.code, self._key(request, "occurrence", contract.code))
                    for contract in contracts
                ),
                description=change_history.occurrence_description(request),
                date=request.date_decided,
            ))
        return calls

    def _send_all(self, pool, calls):
        """Yield, in order, the future of each call (None for None), keeping
        ``SENT_AHEAD`` of them submitted. The calls of one agent keep their order: a
        request waits for the previous one of the same agent. Closing the generator
        cancels the calls not started yet."""
        ahead, last_of_agent = deque(), {}
        try:
            for call in calls:
                future = None
                if call is not None:
                    future = pool.submit(self._send, call, last_of_agent.get(call.agent_code))
                    last_of_agent[call.agent_code] = future
                ahead.append(future)
                if len(ahead) > SENT_AHEAD:
                    yield ahead.popleft()
            while ahead:
                yield ahead.popleft()
        finally:
            for future in ahead:
                if future is not None:
                    future.cancel()

    def _send(self, call, previous):
        """In a worker: the ERP calls of one request -> the occurrence numbers, in the
        order of ``call.occurrences``."""
        if previous is not None:
            wait([previous])
            if previous.cancelled() or (
                previous.exception() is not None and not isinstance(previous.exception(), REFUSALS)
            ):
                raise WaitingForEarlier
        if call.agent is not None:
            self.client.update_agent(call.agent, call.agent_key)
        return [
            self.client.create_occurrence(code, change_history.OCCURRENCE_TYPE, call.description, call.date, key)
            for __, code, key in call.occurrences
        ]

    def _refusal_message(self, error):
        if isinstance(error, MegaValidationError) and not error.sent:
            return _schema_rule_message(self.env, error)
        return error.message

    def _answer(self, request, call, answer):
        """The ERP's answer (a future) to one request: {contract: occurrence number}, or
        None when the ERP did not take it (the request says why)."""
        if call is None:
            message = self.env._("The customer has no Mega agent code.")
            change_history.sync_failed(request, message, field=None)
            self.run._log("error", "changes", request.name, message)
            return None
        try:
            numbers = answer.result()
        except WaitingForEarlier:
            self.run._log("warning", "changes", request.name, self.env._(
                "Left for the next run: an earlier change of this customer was not accepted yet."
            ))
            return None
        except REFUSALS as error:
            field = getattr(error, "field", None)
            message = self._refusal_message(error)
            change_history.sync_failed(request, message, field=mapping.PARTNER_FIELD_BY_AGENT_ATTRIBUTE.get(
                _snake_case(field), field) if field else None)
            self.run._log("error", "changes", request.name, f"{field or ''} {message}".strip())
            return None
        except (MegaAuthenticationError, MegaConnectionError, MegaProtocolError) as error:
            raise StopPush(describe_error(self.backend, error)) from error
        except MegaRetryableError as error:
            # Busy or timed out even after the client's retries: the next run retries,
            # with the same keys, so nothing is done twice.
            self.run._log("warning", "changes", request.name, self.env._(
                "Left for the next run: %(error)s", error=error.message,
            ))
            return None
        Contract = request.env["realestate.contract"]
        return {
            Contract.browse(contract_id): number
            for (contract_id, __, __), number in zip(call.occurrences, numbers, strict=True)
        }


def _schema_rule_message(env, error):
    """A value the client refused before sending (it breaks the contract's schema,
    ``mega.xsd``): the rule, in the reader's language."""
    limit = error.limit
    messages = {
        "required": lambda: env._("Mega ERP requires a value."),
        "length": lambda: env._("Mega ERP takes exactly %(limit)s characters.", limit=limit),
        "minLength": lambda: env._("Mega ERP takes at least %(limit)s characters.", limit=limit),
        "maxLength": lambda: env._("Mega ERP takes at most %(limit)s characters.", limit=limit),
        "pattern": lambda: env._("The value is not in the format Mega ERP takes (%(pattern)s).", pattern=limit),
        "enumeration": lambda: env._(
            "Mega ERP takes one of: %(values)s.", values=", ".join(limit or ()),
        ),
    }
    return messages[error.rule]() if error.rule in messages else error.message


def _snake_case(xml_name):
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in xml_name or "")
