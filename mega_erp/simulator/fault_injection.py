# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Misbehaviour on demand, so clients can be tested against a bad day of the ERP.

Every SOAP call draws once from a seeded ``random.Random``: with the same seed and the
same sequence of calls, the same calls fail.
"""

import dataclasses
import random
import threading

# What a call may suffer, in the order the draw checks them.
TIMEOUT = "timeout"  # answer after ``timeout_sleep`` seconds, past the client's timeout
RETRYABLE = "retryable"  # RetryableFault (busy)
MALFORMED = "malformed"  # a truncated, unparsable body
HOSTILE = "hostile"  # a body with a DTD: billion laughs or XXE
SERVER_ERROR = "server_error"  # HTTP 503 from a "proxy", no SOAP fault
_RATES = (
    (TIMEOUT, "timeout_rate"),
    (RETRYABLE, "retryable_rate"),
    (MALFORMED, "malformed_rate"),
    (HOSTILE, "hostile_rate"),
    (SERVER_ERROR, "server_error_rate"),
)


@dataclasses.dataclass
class FaultSettings:
    latency: float = 0.0  # seconds added to every call
    retryable_rate: float = 0.0
    timeout_rate: float = 0.0
    timeout_sleep: float = 5.0
    malformed_rate: float = 0.0
    hostile_rate: float = 0.0
    server_error_rate: float = 0.0
    refuse_auth: bool = False  # refuse every credential
    seed: int = 1


class FaultInjector:
    """Holds the settings and decides, call by call, what goes wrong."""

    def __init__(self, **settings):
        self._lock = threading.Lock()
        self.configure(**settings)

    def configure(self, **changes):
        """Replace the given settings (the others stay); reseeds the draw."""
        with self._lock:
            current = getattr(self, "settings", FaultSettings())
            unknown = set(changes) - {f.name for f in dataclasses.fields(FaultSettings)}
            if unknown:
                raise ValueError(f"Unknown fault settings: {', '.join(sorted(unknown))}")
            self.settings = dataclasses.replace(current, **changes)
            self._rng = random.Random(self.settings.seed)
        return self.settings

    def reset(self):
        with self._lock:
            self.settings = FaultSettings()
            self._rng = random.Random(self.settings.seed)

    def draw(self):
        """The fault this call suffers (a constant above), or None."""
        settings = self.settings
        if not any(getattr(settings, rate) for _kind, rate in _RATES):
            return None
        with self._lock:
            roll = self._rng.random()
        threshold = 0.0
        for kind, rate in _RATES:
            threshold += getattr(settings, rate)
            if roll < threshold:
                return kind
        return None

    def hostile_variant(self):
        with self._lock:
            return self._rng.choice(("billion_laughs", "xxe"))
