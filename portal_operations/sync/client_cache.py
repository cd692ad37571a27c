# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One ``MegaClient`` per set of connection settings, kept for the life of the process.

Building a client fetches and parses the WSDL, which costs more than dozens of calls;
runs, the push's workers and the screen's buttons all reuse the same one. A client is
safe to share between threads: zeep builds each request apart and the ``requests``
session's connection pool is thread-safe. Settings changed on the screen give a new
key, hence a new client; a WSDL changed behind an unchanged URL is read again after a
restart of Odoo. ``client_for(backend)`` is the client of a ``mega.backend``'s
settings, for the runs and the screen's buttons alike.
"""

import functools

from mega_erp import MegaClient

# Connection settings in use at once: a company has one backend, and tests a few.
MAX_CLIENTS = 16


@functools.lru_cache(maxsize=MAX_CLIENTS)
def shared_client(wsdl, endpoint, username, password, timeout, retries, password_digest=True):
    return MegaClient(
        wsdl=wsdl, endpoint=endpoint, username=username, password=password,
        timeout=timeout, retries=retries, password_digest=password_digest,
    )


def client_for(backend, password_type=None):
    """The client of ``backend``'s connection settings (``password_type``: send the
    password another way than its settings say, to test it)."""
    backend.ensure_one()
    backend_sudo = backend.sudo()
    return shared_client(
        wsdl=backend_sudo.wsdl_url, endpoint=backend_sudo.endpoint_url or None,
        username=backend_sudo.username, password=backend_sudo.password,
        timeout=backend_sudo.timeout or 30, retries=max(backend_sudo.retries, 0),
        password_digest=(password_type or backend_sudo.password_type) != "text",
    )
