# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scripts on a machine whose python3 is externally managed (PEP 668, as Debian's
and Ubuntu's): every tool the tests need goes into the project's virtualenv, nothing
into the machine's interpreter.

The machine's python3 is copied with its standard library (linked, not copied) and an
EXTERNALLY-MANAGED marker beside it, which makes pip refuse to install into it as a
stock Debian python3 does; the scripts' own functions then run with it first on PATH.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Every Python tool scripts/test.sh runs, by the module it imports.
TOOLS = [
    "pytest", "ruff", "pylint", "pylint_odoo", "websocket",
    "zeep", "spyne", "faker", "stdnum", "werkzeug", "mega_erp", "brazil_rules",
]
# Installed too, but importing them needs Odoo, which this machine may not have.
ODOO_TOOLS = ["pytest_odoo"]
# The distributions Odoo checks the addon's external dependencies by.
DISTRIBUTIONS = ["portal-operations-mega-erp", "portal-operations-brazil-rules"]


def _run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603


@pytest.fixture(scope="module")
def managed_python(tmp_path_factory):
    """A python3 that is the machine's, externally managed."""
    python3 = shutil.which("python3")
    assert python3, "python3 is not on PATH"
    info = _run([python3, "-c", (
        "import sys, sysconfig; "
        "print(sys.executable); print(sysconfig.get_path('stdlib')); "
        "print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"
    )]).stdout.split("\n")
    executable, stdlib, version = os.path.realpath(info[0]), info[1], info[2]
    root = tmp_path_factory.mktemp("managed")
    (root / "bin").mkdir()
    lib = root / "lib" / version
    lib.mkdir(parents=True)
    # a copy, not a link: Python finds its prefix from where its executable really is
    shutil.copy2(executable, root / "bin" / version)
    (root / "bin" / "python3").symlink_to(version)
    for entry in os.listdir(stdlib):
        (lib / entry).symlink_to(Path(stdlib) / entry)
    (lib / "EXTERNALLY-MANAGED").write_text(
        "[externally-managed]\nError=This Python is managed by the system (test of portal_operations).\n",
    )
    return root / "bin" / "python3"


def test_the_managed_python_refuses_pip(managed_python):
    """The precondition is real: pip cannot install into this python3. It refuses (an
    externally managed interpreter), or there is no pip at all (Debian's python3 without
    python3-pip, or whose pip lives in dist-packages, outside the copied prefix)."""
    result = _run([managed_python, "-m", "pip", "install", "--dry-run", "--no-index", "pytest"])
    assert result.returncode != 0
    assert "externally-managed-environment" in result.stderr or "No module named pip" in result.stderr, \
        result.stderr


def test_scripts_put_every_tool_in_the_project_venv(managed_python, tmp_path):
    freeze = [managed_python, "-m", "pip", "freeze", "--all"]
    base_packages = _run(freeze).stdout
    venv = tmp_path / "venv"
    env = dict(
        os.environ,
        PATH=f"{managed_python.parent}{os.pathsep}{os.environ['PATH']}",
        PO_VENV=str(venv), PO_RUN_DIR=str(tmp_path / "run"),
    )
    env.pop("VIRTUAL_ENV", None)
    env.pop("ODOO_SRC", None)
    script = (
        'source scripts/common.sh && ensure_project_venv && echo "PY=$PY" '
        '&& if resolve_odoo_python; then echo "ODOO_PY=$ODOO_PY"; fi'
    )
    result = _run(["bash", "-c", script], cwd=REPO_ROOT, env=env, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"PY={venv}/bin/python" in result.stdout.split("\n")

    python = str(venv / "bin" / "python")
    prefixes = _run([python, "-c", "import sys; print(sys.prefix); print(sys.base_prefix)"]).stdout.split()
    assert prefixes == [str(venv), str(managed_python.parent.parent)]
    imports = _run([python, "-c", "import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]", *TOOLS])
    assert imports.returncode == 0, imports.stderr
    found = _run([python, "-c", "import importlib.util, sys; sys.exit(not all(map(importlib.util.find_spec, "
                  "sys.argv[1:])))", *ODOO_TOOLS])
    assert found.returncode == 0, f"not installed: {ODOO_TOOLS}"
    assert (venv / "bin" / "shellcheck").is_file(), "make lint runs the venv's shellcheck"
    distributions = _run([python, "-c", "import importlib.metadata as m, sys; [m.version(d) for d in sys.argv[1:]]",
                          *DISTRIBUTIONS])
    assert distributions.returncode == 0, distributions.stderr

    # nothing went into the machine's interpreter
    assert _run(freeze).stdout == base_packages

    odoo_19 = _run([managed_python, "-c", "import odoo.release as r; assert r.version_info[0] == 19"])
    if odoo_19.returncode == 0:
        # an Odoo installed machine-wide is run from the project's virtualenv, which sees it
        assert f"ODOO_PY={python}" in result.stdout.split("\n")

