# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The synchronization's own errors, and what went wrong with Mega ERP in words an
administrator can act on (the run's log, the chatter, the screen's buttons)."""

from urllib.parse import urlsplit

from odoo.exceptions import UserError

from mega_erp.exceptions import (
    MegaAuthenticationError,
    MegaConnectionError,
    MegaError,
    MegaProtocolError,
    MegaTimeoutError,
)


class AlreadyRunning(UserError):
    """Another run of the backend holds its lock (see ``synchronizer.RunLock``)."""

    def __init__(self, env):
        super().__init__(env._("A synchronization is already running."))


def describe_error(backend, error):
    """What went wrong with the Mega ERP of ``backend``, in words for the
    administrator, in the language of ``backend``'s environment."""
    env = backend.env
    if isinstance(error, MegaAuthenticationError):
        return env._("Mega ERP refused the user or password.")
    if isinstance(error, (MegaConnectionError, MegaTimeoutError)):
        return describe_unreachable(backend, error)
    if isinstance(error, MegaProtocolError):
        return env._("Mega ERP sent a response that is not valid: %(error)s", error=error.message)
    if isinstance(error, MegaError):
        return env._("Mega ERP answered with an error: %(error)s", error=error.message)
    return env._("The synchronization stopped: %(error)s", error=error)


def describe_unreachable(backend, error):
    """Where the ERP did not answer and why, in words an administrator can act on
    (never the HTTP library's text: it names objects and memory addresses)."""
    env = backend.env
    url = backend.endpoint_url or backend.wsdl_url or ""
    address = urlsplit(url).netloc or url
    text = (error.message or "").lower()
    if isinstance(error, MegaTimeoutError):
        reason = env._("no answer within %(seconds)s s", seconds=backend.timeout)
    elif "refused" in text:
        reason = env._("connection refused")
    elif any(word in text for word in ("resolve", "name or service", "nodename", "getaddrinfo")):
        reason = env._("address not found")
    else:
        reason = env._("connection failed")
    return env._(
        "Mega ERP did not answer at %(address)s (%(reason)s). Check the address in Connection.",
        address=address, reason=reason,
    )
