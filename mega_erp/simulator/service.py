# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SOAP service of the simulated Mega ERP (spyne): the contract's implementation.

It implements the repository's contract (``mega_erp/wsdl``, written by hand), which a
test compares with the interface spyne derives from it. Requests reach it only once
``strict_soap`` has checked them (envelope, headers, WS-Security, ``mega.xsd``).
"""

import dataclasses
import logging
import re

from spyne import Application, Array, DateTime, Integer, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11

from mega_erp import __version__, models

from . import schema
from .errors import InvalidData, RecordNotFound
from .fault_injection import RETRYABLE
from .soap_faults import (
    ALL_FAULTS,
    NotFoundFault,
    RetryableFault,
    ValidationFault,
)
from .state import XML_UNSAFE

SERVICE_NAME = "MegaService"
FAULT_MARK = "mega.injected_fault"  # WSGI environ key set by the HTTP layer

# Faults are part of the contract, not server errors worth a traceback.
for _name in ("spyne.application", "spyne.application.client", "spyne.application.server"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def _state(ctx):
    return ctx.app.simulator.state


def _paged(out_type):
    return {
        "_returns": (Array(out_type), Integer, Integer),
        "_out_variable_names": ("items", "page", "totalPages"),
        "_throws": ALL_FAULTS,
    }


# A character XML cannot carry travels as this mark (lxml refuses the character itself);
# the HTTP layer turns it into a character reference (&#x1;), as a legacy ERP writes it.
XML_UNSAFE_MARK = re.compile("\ue000([0-9A-F]+)\ue001".encode())


def _marked(record):
    """``record`` with its XML-unsafe characters marked (see ``XML_UNSAFE_MARK``)."""
    changes = {
        f.name: XML_UNSAFE.sub(lambda m: f"\ue000{ord(m.group()):X}\ue001", value)
        for f in dataclasses.fields(record)
        if isinstance(value := getattr(record, f.name), str)
    }
    return dataclasses.replace(record, **changes)


def _xml_safe(state, entity, records):
    if not state.xml_unsafe:
        return records
    return [_marked(r) if (entity, r.code) in state.xml_unsafe else r for r in records]


def _list(ctx, entity, changed_since, page, page_size, **filters):
    state = _state(ctx)
    try:
        items, page, total_pages = state.list_page(entity, changed_since, page, page_size, **filters)
    except InvalidData as error:
        raise ValidationFault(error.message, field=error.field) from None
    return _xml_safe(state, entity, items), page, total_pages


class MegaService(ServiceBase):
    @rpc(_returns=schema.ServerInfo, _out_variable_name="serverInfo", _throws=ALL_FAULTS)
    def Ping(ctx):  # noqa: N802 - SOAP operation names are the contract
        return models.ServerInfo(
            name="Mega ERP (simulador)", version=__version__, server_time=_state(ctx).now()
        )

    @rpc(DateTime, Integer, Integer, **_paged(schema.Development))
    def ListDevelopments(ctx, changedSince, page, pageSize):  # noqa: N802, N803
        return _list(ctx, "developments", changedSince, page, pageSize)

    @rpc(DateTime, Integer, Integer, Unicode, **_paged(schema.Block))
    def ListBlocks(ctx, changedSince, page, pageSize, developmentCode):  # noqa: N802, N803
        return _list(ctx, "blocks", changedSince, page, pageSize, development_code=developmentCode)

    @rpc(DateTime, Integer, Integer, Unicode, **_paged(schema.Lot))
    def ListLots(ctx, changedSince, page, pageSize, developmentCode):  # noqa: N802, N803
        return _list(ctx, "lots", changedSince, page, pageSize, development_code=developmentCode)

    @rpc(DateTime, Integer, Integer, **_paged(schema.Contract))
    def ListContracts(ctx, changedSince, page, pageSize):  # noqa: N802, N803
        return _list(ctx, "contracts", changedSince, page, pageSize)

    @rpc(DateTime, Integer, Integer, **_paged(schema.Agent))
    def ListAgents(ctx, changedSince, page, pageSize):  # noqa: N802, N803
        return _list(ctx, "agents", changedSince, page, pageSize)

    @rpc(Unicode, _returns=schema.Agent, _out_variable_name="agent", _throws=ALL_FAULTS)
    def GetAgent(ctx, code):  # noqa: N802
        try:
            return _xml_safe(_state(ctx), "agents", [_state(ctx).get("agents", code)])[0]
        except RecordNotFound as error:
            raise NotFoundFault(str(error)) from None

    @rpc(
        schema.AgentChange,
        Unicode,
        _returns=(Unicode, DateTime),
        _out_variable_names=("code", "changedAt"),
        _throws=ALL_FAULTS,
    )
    def UpdateAgent(ctx, agent, idempotencyKey):  # noqa: N802, N803
        if agent is None or not agent.code:
            raise ValidationFault("Campo obrigatório.", field="code")
        changes = models.Agent(
            **{
                name: getattr(agent, name, None)
                for name, _x in models.xml_field_names(models.Agent)
            }
        )
        try:
            result = _state(ctx).update_agent(changes, idempotencyKey)
        except InvalidData as error:
            raise ValidationFault(error.message, field=error.field) from None
        except RecordNotFound as error:
            raise NotFoundFault(str(error)) from None
        return result.code, result.changed_at

    @rpc(
        Unicode,
        Unicode,
        Unicode,
        DateTime,
        Unicode,
        _returns=Unicode,
        _out_variable_name="number",
        _throws=ALL_FAULTS,
    )
    def CreateOccurrence(  # noqa: N802
        ctx,
        contractCode,  # noqa: N803
        occurrenceType,  # noqa: N803
        description,
        occurredAt,  # noqa: N803
        idempotencyKey,  # noqa: N803
    ):
        try:
            return _state(ctx).create_occurrence(
                contractCode, occurrenceType, description, occurredAt, idempotencyKey
            )
        except InvalidData as error:
            raise ValidationFault(error.message, field=error.field) from None
        except RecordNotFound as error:
            raise NotFoundFault(str(error)) from None

    @rpc(_returns=Array(schema.Job), _out_variable_name="jobs", _throws=ALL_FAULTS)
    def ListJobs(ctx):  # noqa: N802
        return _state(ctx).jobs()


def _check_call(ctx):
    """Before every operation (the request passed ``strict_soap`` and WS-Security):
    injected busy faults."""
    if ctx.transport.req_env.get(FAULT_MARK) == RETRYABLE:
        raise RetryableFault("Servidor ocupado, tente novamente em instantes.")


def build_application(simulator):
    """A spyne application bound to one ``Simulator`` (its state, faults and login)."""
    application = Application(
        [MegaService],
        tns=schema.NAMESPACE,
        name=SERVICE_NAME,
        in_protocol=Soap11(validator=None),
        out_protocol=Soap11(),
    )
    # Occurrences are written, never returned: declare their type for clients anyway.
    application.interface.add_class(schema.Occurrence)
    application.simulator = simulator
    application.event_manager.add_listener("method_call", _check_call)
    return application
