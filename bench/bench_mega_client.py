# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: MegaClient against bare zeep, and a full ListAgents pull.

    python3 bench/bench_mega_client.py [--quick]

The simulator runs in its own process (as the ERP would), so client and server do not
share one interpreter lock. MegaClient and bare zeep alternate in rounds against the
same simulator, so drifts in the machine's load hit both alike.
"""

import argparse
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime

import psutil
import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mega_erp import MegaClient  # noqa: E402
from mega_erp.soap import BINDING, build_zeep_client  # noqa: E402

ROUNDS = 10


def start_simulator(agents):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mega_erp.simulator", "--port", str(port),
               "--agents", str(agents)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(600):
        try:
            requests.get(url + "_admin/state", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("simulator did not start")


def timed(function, count):
    started = time.perf_counter()
    for i in range(count):
        function(i)
    return time.perf_counter() - started


def compare(name, count, mega_call, zeep_call):
    """Alternate MegaClient and zeep in rounds; returns calls/s of each."""
    per_round = max(1, count // ROUNDS)
    mega_time = zeep_time = 0.0
    for round_number in range(ROUNDS):
        offset = round_number * per_round
        pair = [("mega", mega_call), ("zeep", zeep_call)]
        for label, call in pair if round_number % 2 == 0 else reversed(pair):
            elapsed = timed(lambda i, call=call, offset=offset: call(offset + i), per_round)
            if label == "mega":
                mega_time += elapsed
            else:
                zeep_time += elapsed
    total = per_round * ROUNDS
    mega_rate, zeep_rate = total / mega_time, total / zeep_time
    print(f"{name:<12} {total:>6} calls each | MegaClient {mega_rate:7.1f}/s | "
          f"bare zeep {zeep_rate:7.1f}/s | ratio {mega_rate / zeep_rate:.3f}")  # fmt: skip
    return mega_rate, zeep_rate


class PeakRss:
    """Samples this process's RSS in a thread; ``growth`` is peak minus start."""

    def __init__(self):
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 2**20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    args = parser.parse_args()
    calls, agents = (200, 5_000) if args.quick else (2_000, 50_000)

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | "
          f"{psutil.cpu_count()} cores | Python {platform.python_version()}")  # fmt: skip
    process, url = start_simulator(agents)
    try:
        credentials = {"username": "mega", "password": "mega"}
        mega = MegaClient(endpoint=url, session=requests.Session(), **credentials)
        bare = build_zeep_client(session=requests.Session(), guarded=False, **credentials)
        service = bare.create_service(BINDING, url)
        codes = [f"AGT{n:07d}" for n in range(1, agents + 1)]
        sample = [mega.get_agent(code) for code in codes[:100]]
        payloads = [{"code": a.code, "complement": "Bench"} for a in sample]
        for _ in range(50):  # warm up connections and caches
            mega.ping()
            service.Ping()

        compare(
            "GetAgent",
            calls,
            lambda i: mega.get_agent(codes[i % agents]),
            lambda i: service.GetAgent(code=codes[i % agents]),
        )
        from mega_erp import Agent

        agents_in = [Agent(**p) for p in payloads]
        compare(
            "UpdateAgent",
            calls,
            lambda i: mega.update_agent(agents_in[i % 100], f"bench-mega-{i}"),
            lambda i: service.UpdateAgent(
                agent=payloads[i % 100], idempotencyKey=f"bench-zeep-{i}"
            ),
        )

        with PeakRss() as rss:
            started = time.perf_counter()
            count = sum(1 for _ in mega.iter_records("agents", page_size=500))
            elapsed = time.perf_counter() - started
        print(f"ListAgents   {count} agents in {elapsed:.1f}s | {count / elapsed:7.0f} records/s | "
              f"peak RSS growth {rss.growth_mb:.1f} MB")  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
