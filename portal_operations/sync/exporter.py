# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Send approved registration changes to Mega ERP.

For each request ``to_sync``: ``UpdateAgent`` with the approved values, then
``CreateOccurrence`` ("alteração cadastral") on each contract in force of the customer.
Every call carries an idempotency key derived from the database and the request, so a
retry after a crash or a lost answer never changes the agent twice nor posts a second
occurrence. Each request is committed as soon as the ERP accepted it.
"""

import logging

from mega_erp.exceptions import (
    MegaAuthenticationError,
    MegaConnectionError,
    MegaNotFoundError,
    MegaProtocolError,
    MegaRetryableError,
    MegaValidationError,
)

from . import mapping

_logger = logging.getLogger(__name__)

OCCURRENCE_TYPE = "alteração cadastral"
# Contracts in force: an occurrence is posted on each of them.
CONTRACT_STATUSES_IN_FORCE = ("active", "defaulting")


class StopPush(Exception):
    """The ERP cannot take more now (unreachable, or the credentials are refused)."""


class ChangeRequestExporter:

    def __init__(self, backend, run, client):
        self.backend = backend
        self.run = run
        self.client = client
        self.env = backend.env
        self.db_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")

    def _key(self, request, *parts):
        return ":".join((self.db_uuid[:8], "chg", str(request.id), *parts))

    def _requests_to_push(self):
        return self.env["portal.change.request"].sudo().search([
            ("state", "=", "approved"), ("sync_state", "=", "to_sync"),
            ("company_id", "=", self.backend.company_id.id),
        ], order="date_decided, id")

    def push(self, commit):
        """Push every request to sync; ``commit()`` is called after each one.
        Returns (synced, errors, left) counts."""
        requests = self._requests_to_push()
        synced = errors = 0
        for index, request in enumerate(requests):
            try:
                with self.env.cr.savepoint():
                    if self._push_one(request):
                        synced += 1
                    else:
                        errors += 1
            except StopPush as stop:
                self.run._log("error", "changes", request.name, str(stop))
                return synced, errors, len(requests) - index
            commit(1)
        return synced, errors, 0

    def _push_one(self, request):
        partner = request.partner_id
        if not partner.mega_agent_code:
            request._sync_failed(self.env._("The customer has no Mega agent code."), field=None)
            self.run._log("error", "changes", request.name, "no Mega agent code")
            return False
        state_codes = {state.id: state.code for state in self.env["res.country.state"].sudo().search(
            [("country_id.code", "=", "BR")])}
        agent = mapping.agent_changes(
            partner.mega_agent_code,
            {line.field_name: line.final_value for line in request.line_ids},
            state_codes,
        )
        contracts = partner.commercial_partner_id.realestate_contract_ids.filtered(
            lambda contract: contract.status in CONTRACT_STATUSES_IN_FORCE
        ).sorted("code")
        try:
            self.client.update_agent(agent, self._key(request, "agent"))
            numbers = {
                contract: self.client.create_occurrence(
                    contract.code, OCCURRENCE_TYPE, request._occurrence_description(),
                    request.date_decided, self._key(request, "occurrence", contract.code),
                )
                for contract in contracts
            }
        except (MegaValidationError, MegaNotFoundError) as error:
            field = getattr(error, "field", None)
            request._sync_failed(error.message, field=mapping.PARTNER_FIELD_BY_AGENT_ATTRIBUTE.get(
                _snake_case(field), field) if field else None)
            self.run._log("error", "changes", request.name, f"{field or ''} {error.message}".strip())
            return False
        except (MegaAuthenticationError, MegaConnectionError, MegaProtocolError) as error:
            raise StopPush(self.backend._describe_error(error)) from error
        except MegaRetryableError as error:
            # Busy or timed out even after the client's retries: the next run retries,
            # with the same keys, so nothing is done twice.
            self.run._log("warning", "changes", request.name, f"left for the next run: {error.message}")
            return False
        request._sync_succeeded(numbers)
        return True


def _snake_case(xml_name):
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in xml_name or "")
