# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The addon as an integrator installs it: the four wheels (the Mega ERP client, its
simulator for the tests, the Brazilian rules, the addon) built from this checkout go into a fresh
virtualenv beside Odoo 19, and Odoo's own runner (``odoo -i portal_operations
--test-enable``, as the OCA's CI runs an addon's tests) installs the addon from them on
a new database and runs its shipped tests. Nothing from this repository is on the
addons path, on PYTHONPATH or in the working directory.

Beside Odoo 19: a machine-wide Odoo (the virtualenv is made with
--system-site-packages), else the Odoo source tree scripts/test.sh runs (PO_ODOO_TREE),
installed into the virtualenv with Odoo's requirements.

The shipped tests run are all of them (PO_WHEEL_TEST_TAGS chooses others), on a database
where the apps of PO_WHEEL_BESIDE (comma-separated, e.g. l10n_br,base_vat,website: as a
Brazilian integrator's database has them) are installed first, with demo data. The
outcome of each test, read off Odoo's log, goes to the JUnit report PO_WHEEL_JUNIT when
given, so the run's summary counts them.

Run by scripts/test.sh, which gives an Odoo configuration for the PostgreSQL to use
(PO_ODOO_CONF: only its db_* options are used) and a database name it drops afterwards
(PO_WHEEL_DB)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET  # noqa: S405 - writes our own report
from pathlib import Path

import pytest
from throwaway_database import throwaway_database

REPO_ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("PO_WHEEL_DB")
pytestmark = pytest.mark.skipif(not DB, reason="scripts/test.sh gives the database (PO_WHEEL_DB)")
PROJECTS = (REPO_ROOT, REPO_ROOT / "distributions" / "mega-erp-simulator", REPO_ROOT / "distributions" / "brazil-rules",
            REPO_ROOT / "portal_operations")
TEST_TAGS = os.environ.get("PO_WHEEL_TEST_TAGS") or "/portal_operations"
BESIDE = os.environ.get("PO_WHEEL_BESIDE", "")
JUNIT = os.environ.get("PO_WHEEL_JUNIT")
# Odoo's runner logs "Starting Class.test ..." for each test, "FAIL: Class.test" or
# "ERROR: Class.test" (its traceback after) for each that did not pass.
STARTED = re.compile(r" INFO \S+ (odoo\.addons\.[\w.]+): Starting (\w+)\.(\w+) \.\.\.")
NOT_PASSED = re.compile(r" (?:ERROR|CRITICAL) \S+ (odoo\.addons\.[\w.]+): (?:FAIL|ERROR): (?:Subtest )?(\w+)\.(\w+)")
# Any line logged as ERROR or CRITICAL. The OCA's log checker fails a run on one that is
# not a failed test's (those are counted apart): a test expecting an error mutes it.
LOGGED_ERROR = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) ")

WHERE_FROM = """
import json, odoo.addons.portal_operations as addon, mega_erp, mega_erp.simulator as simulator, brazil_rules
print(json.dumps([addon.__file__, mega_erp.__file__, simulator.__file__, brazil_rules.__file__]))
"""


def _run(args, timeout=1800, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=timeout, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return result.stdout + result.stderr


def _clean_env():
    """The environment without this checkout: no PYTHONPATH, no active virtualenv."""
    return {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}


def _machine_python_has_odoo_19(env):
    python3 = shutil.which("python3", path=env.get("PATH"))
    check = subprocess.run(  # noqa: S603
        [python3, "-c", "import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)"],
        capture_output=True, env=env, cwd="/", check=False,
    )
    return python3, check.returncode == 0


database = throwaway_database(DB)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh virtualenv beside Odoo 19 with the four wheels installed."""
    root = tmp_path_factory.mktemp("wheel_install")
    env = _clean_env()
    dist = root / "dist"
    for project in PROJECTS:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(project)])
    wheels = sorted(map(str, dist.glob("*.whl")))
    assert len(wheels) == len(PROJECTS), wheels

    python3, machine_wide = _machine_python_has_odoo_19(env)
    venv = root / "venv"
    python = str(venv / "bin" / "python")
    if machine_wide:
        _run([python3, "-m", "venv", "--system-site-packages", str(venv)], env=env)
    else:
        tree = os.environ.get("PO_ODOO_TREE")
        assert tree and (Path(tree) / "odoo" / "release.py").is_file(), \
            "no machine-wide Odoo 19 and no Odoo source tree (PO_ODOO_TREE) to install beside"
        _run([python3, "-m", "venv", str(venv)], env=env)
        _run([python, "-m", "pip", "install", "--quiet", "-r", str(REPO_ROOT / "requirements" / "odoo19-py311.txt")],
             env=env, cwd=root)
        _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--config-settings", "editable_mode=compat",
              "-e", tree], env=env, cwd=root)
    _run([python, "-m", "pip", "install", "--quiet", *wheels], env=env, cwd=root)
    return root, python, env


def test_the_addon_installed_from_its_wheels_passes_its_tests_under_odoos_runner(database, venv):
    root, python, env = venv
    where = json.loads(_run([python, "-c", WHERE_FROM], env=env, cwd=root).strip().splitlines()[-1])
    site_packages = str(root / "venv")
    assert all(path.startswith(site_packages) for path in where), where

    conf = root / "odoo.conf"
    db_options = [line for line in Path(os.environ["PO_ODOO_CONF"]).read_text().splitlines()
                  if line.startswith("db_")]
    conf.write_text("\n".join(["[options]", *db_options, f"data_dir = {root / 'data'}", ""]))
    # HttpCase and the tours reach the server on its port: a free one.
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = [python, "-m", "odoo", "server", "-c", str(conf), "-d", DB, "--stop-after-init",
              f"--http-port={port}", "--http-interface=127.0.0.1"]
    if BESIDE:
        _run([*server, "-i", BESIDE, "--with-demo", "--log-level=warn"], env=env, cwd=root, timeout=3600)
    result = subprocess.run(  # noqa: S603 - the report is written whatever the outcome
        [*server, "-i", "portal_operations", "--with-demo", "--test-enable", f"--test-tags={TEST_TAGS}",
         "--log-level=info"],
        capture_output=True, text=True, check=False, timeout=3600, env=env, cwd=root,
    )
    output = result.stdout + result.stderr
    if JUNIT:
        _write_junit(output, JUNIT)
    summary = re.findall(r"odoo\.tests\.result: (.*)", output)
    print(f"Odoo's runner, beside {BESIDE or 'nothing else'}: {summary[-1] if summary else 'no summary'}")
    assert result.returncode == 0, output[-8000:]
    addons_paths = re.findall(r"addons paths: (.*)", output)
    assert addons_paths and str(REPO_ROOT) not in addons_paths[-1], addons_paths
    # Odoo's runner exits non-zero when a test failed (checked above); it ran some
    assert "At least one test failed" not in output, output[-8000:]
    ran = [int(count) for count in re.findall(r"odoo\.tests\.stats: portal_operations: (\d+) tests", output)]
    assert ran and sum(ran) > 0, output[-5000:]
    unexpected = [line for line in output.splitlines() if LOGGED_ERROR.match(line) and not NOT_PASSED.search(line)]
    assert not unexpected, "errors logged while the tests passed:\n" + "\n".join(unexpected[:20])


def _write_junit(output, path):
    """Each test Odoo's runner started, failed where it logged so, as a JUnit report."""
    cases, not_passed = {}, set()
    for line in output.splitlines():
        if match := STARTED.search(line):
            cases.setdefault(match.groups(), None)
        elif match := NOT_PASSED.search(line):
            not_passed.add(match.groups())
    suite = ET.Element("testsuite", name="odoo-runner", tests=str(len(cases)), failures=str(len(not_passed)))
    for module, test_class, test in cases:
        case = ET.SubElement(suite, "testcase", classname=f"{module}.{test_class}", name=test)
        if (module, test_class, test) in not_passed:
            ET.SubElement(case, "failure", message="failed under Odoo's runner (see its log)")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
