# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mega ERP SOAP contract, client and simulator (plain Python, no Odoo import)."""

__version__ = "19.0.2.0.0"

from .client import MegaClient  # noqa: E402
from .exceptions import (  # noqa: E402
    MegaAuthenticationError,
    MegaBusyError,
    MegaConnectionError,
    MegaError,
    MegaNotFoundError,
    MegaPermanentError,
    MegaProtocolError,
    MegaRetryableError,
    MegaServerError,
    MegaTimeoutError,
    MegaValidationError,
)
from .models import (  # noqa: E402
    Agent,
    Block,
    Contract,
    Development,
    Job,
    Lot,
    Occurrence,
    Page,
    ServerInfo,
    UpdateResult,
)

__all__ = [
    "Agent", "Block", "Contract", "Development", "Job", "Lot", "MegaAuthenticationError",
    "MegaBusyError", "MegaClient", "MegaConnectionError", "MegaError", "MegaNotFoundError",
    "MegaPermanentError", "MegaProtocolError", "MegaRetryableError", "MegaServerError",
    "MegaTimeoutError", "MegaValidationError", "Occurrence", "Page", "ServerInfo",
    "UpdateResult",
]  # fmt: skip
