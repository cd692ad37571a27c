# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulator as another process sees it: command line and admin endpoints."""

import json
import socket
import subprocess
import sys
import time

import pytest
import requests

from mega_erp import MegaBusyError, MegaClient


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _inspect(url, *args):
    command = [sys.executable, "-m", "mega_erp.simulator", "inspect", "--url", url, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def served():
    """``python -m mega_erp.simulator --port P`` in a subprocess."""
    port = _free_port()
    command = [sys.executable, "-m", "mega_erp.simulator", "--port", str(port), "--agents", "25"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/_admin/state", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_serves_the_soap_service(served):
    client = MegaClient(endpoint=served + "/", username="mega", password="mega", timeout=5)
    assert len(list(client.iter_records("agents"))) == 25


def test_cli_inspect(served):
    client = MegaClient(wsdl=served + "/?wsdl", username="mega", password="mega", timeout=5)
    number = client.create_occurrence("CTR0000007", "contato", "Pelo CLI", None, "cli-1")
    state = _inspect(served)
    assert state["counts"]["agents"] == 25
    assert state["calls"]["CreateOccurrence"] == 1
    agents = _inspect(served, "agents", "--limit", "3")
    assert [a["code"] for a in agents] == ["AGT0000001", "AGT0000002", "AGT0000003"]
    occurrences = _inspect(served, "occurrences", "--contract", "CTR0000007")
    assert [o["number"] for o in occurrences] == [number]
    assert _inspect(served, "occurrences", "--contract", "CTR0000001") == []
    assert {job["state"] for job in _inspect(served, "jobs")} == {"running", "queued", "done"}


def test_admin_faults_touch_and_reset(served):
    client = MegaClient(endpoint=served + "/", username="mega", password="mega", timeout=5)
    reply = requests.post(f"{served}/_admin/faults", json={"retryable_rate": 1.0}, timeout=5)
    assert reply.json()["retryable_rate"] == 1.0
    with pytest.raises(MegaBusyError):
        client.ping()
    assert requests.post(f"{served}/_admin/faults", json={"nope": 1}, timeout=5).status_code == 400
    requests.post(f"{served}/_admin/reset", timeout=5)
    client.ping()
    touch = {"entity": "agents", "code": "AGT0000003", "changes": {"name": "Nome Novo"}}
    requests.post(f"{served}/_admin/touch", json=touch, timeout=5)
    assert client.get_agent("AGT0000003").name == "Nome Novo"


def test_inspect_reports_an_unreachable_simulator():
    command = [sys.executable, "-m", "mega_erp.simulator", "inspect", "--url",
               f"http://127.0.0.1:{_free_port()}"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and "Cannot inspect" in done.stderr
