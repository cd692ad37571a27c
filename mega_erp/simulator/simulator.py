# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``Simulator``: a Mega ERP on a local port, for tests, demos and benchmarks.

with Simulator(agents=100, seed=1).start() as sim:
    client = MegaClient(endpoint=sim.url, username="mega", password="mega")
"""

import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from . import horizonte_data
from .demo_data import DemoDataBuilder
from .fault_injection import FaultInjector
from .http_app import SimulatorApp
from .service import build_application
from .state import SimulatorState
from .storage import SqliteStore
from .strict_soap import WsSecurity

HOST = "127.0.0.1"  # never reachable from another machine


class _QuietHandler(WSGIRequestHandler):
    # HTTP/1.1 keeps connections alive between calls, as a real ERP's server does.
    protocol_version = "HTTP/1.1"

    def log_request(self, *args, **kwargs):
        pass


class Simulator:
    """A simulated Mega ERP: state, SOAP service and admin API over real HTTP."""

    def __init__(
        self,
        agents=None,
        seed=1,
        db_path=None,
        username="mega",
        password="mega",  # noqa: S107 - the simulator's documented default login
        faults=None,
        legacy_rate=0.0,
        dataset="demo",
        allow_password_text=False,
        created_window=300.0,
    ):
        """``agents``: None for the demo data, N for N generated agents (with contracts);
        ``db_path``: SQLite file to keep the state in (loaded if it has data);
        ``faults``: initial fault settings, e.g. ``{"latency": 0.05}``;
        ``legacy_rate``: the share of agents with legacy (dirty) data, e.g. 0.1;
        ``allow_password_text``: accept WS-Security PasswordText (else PasswordDigest
        only); ``created_window``: seconds a digest's Created may be off the clock."""
        self.agents_count = agents
        self.legacy_rate = legacy_rate
        self.seed = seed
        self.dataset = dataset
        self.username = username
        self.password = password
        self.allow_password_text = allow_password_text
        self.created_window = created_window
        self.security = WsSecurity(self)
        self.store = SqliteStore(db_path) if db_path else None
        self.fault_injector = FaultInjector(**(faults or {}))
        self.state = self._initial_state()
        self._server = None
        self._thread = None

    def _initial_state(self, fresh=False):
        if self.store and not fresh and not self.store.is_empty():
            return SimulatorState(self.store.load(), store=self.store)
        if self.dataset == "horizonte":
            records = horizonte_data.build()
        else:
            records = DemoDataBuilder(self.seed, self.agents_count, self.legacy_rate).build()
        if self.store:
            self.store.save_all(records)
        return SimulatorState(records, store=self.store)

    # -- serving -----------------------------------------------------------------

    def start(self, port=0):
        """Serve in a background thread (``port=0``: any free port); returns self."""
        self._make_server(port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="mega-simulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self, port):
        """Serve in this thread until interrupted (the command line's way)."""
        self._make_server(port)
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def _make_server(self, port):
        application = build_application(self)
        self._server = make_server(
            HOST,
            port,
            SimulatorApp(self, application),
            threaded=True,
            request_handler=_QuietHandler,
        )

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None
        if self.store:
            self.store.close()

    def __enter__(self):
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def port(self):
        return self._server.server_port

    @property
    def url(self):
        """The SOAP endpoint."""
        return f"http://{HOST}:{self.port}/"

    @property
    def wsdl_url(self):
        return f"{self.url}?wsdl"

    # -- faults ------------------------------------------------------------------

    @property
    def faults(self):
        """The current ``FaultSettings`` (use ``set_faults`` to change them)."""
        return self.fault_injector.settings

    def set_faults(self, **settings):
        """E.g. ``set_faults(retryable_rate=0.3, seed=2)``; unnamed settings stay."""
        return self.fault_injector.configure(**settings)

    def clear_faults(self):
        self.fault_injector.reset()

    # -- state -------------------------------------------------------------------

    def reset(self):
        """Back to the generated data: no calls, no occurrences, no faults."""
        self.state = self._initial_state(fresh=True)
        self.clear_faults()

    def occurrences_for(self, contract_code):
        return self.state.occurrences_for(contract_code)

    def touch_agent(self, code, **changes):
        return self.state.touch("agents", code, **changes)

    def touch_contract(self, code, **changes):
        return self.state.touch("contracts", code, **changes)

    def touch(self, entity, code, **changes):
        return self.state.touch(entity, code, **changes)

    def add_agent(self, **fields):
        return self.state.add("agents", **fields)

    def add_contract(self, **fields):
        return self.state.add("contracts", **fields)

    def add_development(self, **fields):
        return self.state.add("developments", **fields)

    def add_block(self, **fields):
        return self.state.add("blocks", **fields)

    def add_lot(self, **fields):
        return self.state.add("lots", **fields)
