# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One simulator over real HTTP for the whole session, on a free port."""

import pytest

from mega_erp import MegaClient
from mega_erp.simulator import Simulator


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """mega_erp needs no Odoo: where pytest-odoo is installed, its session fixture of
    this name would load an Odoo registry (and need a database); do nothing instead."""
    yield


@pytest.fixture(scope="session")
def simulator():
    with Simulator(seed=1).start(port=0) as sim:
        yield sim


@pytest.fixture(autouse=True)
def _no_faults_left(request):
    """A test that injects faults must not spoil the next one."""
    yield
    if "simulator" in request.fixturenames:
        request.getfixturevalue("simulator").clear_faults()


@pytest.fixture
def client(simulator):
    return MegaClient(endpoint=simulator.url, username="mega", password="mega", timeout=5)


@pytest.fixture
def make_client(simulator):
    """A client with other options: ``make_client(retries=2, timeout=0.3)``."""

    def make(**options):
        options = {"username": "mega", "password": "mega", "timeout": 5, **options}
        return MegaClient(endpoint=simulator.url, backoff=0.001, **options)

    return make


class CallCounter:
    """How many calls of an operation the simulator received since the snapshot."""

    def __init__(self, simulator, operation):
        self.simulator, self.operation = simulator, operation
        self.start = simulator.state.calls[operation]

    @property
    def count(self):
        return self.simulator.state.calls[self.operation] - self.start


@pytest.fixture
def calls(simulator):
    return lambda operation: CallCounter(simulator, operation)
