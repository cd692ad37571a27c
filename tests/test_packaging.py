# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging as the Odoo community ships 19.0 addons: ``mega-erp`` (the library, from
pyproject.toml) and ``odoo-addon-portal_operations`` (the addon, built by whool from its
manifest) are wheels; installed into a fresh virtualenv beside a machine-wide Odoo 19,
the addon is found by Odoo without this repository on any path."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

FIND_THE_ADDON = """
import json, sys
import odoo.init  # Odoo's own start-up (its patches of the libraries it uses)
from odoo.tools import config
config.parse_config([])  # the default addons path: Odoo's own and odoo.addons' namespace
from odoo.modules.module import get_manifest, get_module_path
import odoo.addons.portal_operations as addon
import mega_erp
manifest = get_manifest("portal_operations")
print(json.dumps({
    "module_path": get_module_path("portal_operations"),
    "addon_file": addon.__file__,
    "manifest_name": manifest and manifest["name"],
    "mega_erp_file": mega_erp.__file__,
    "sys_path": sys.path,
}))
"""


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    for project in (REPO_ROOT, REPO_ROOT / "portal_operations"):
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(project)])
    return {path.name.split("-")[0]: path for path in dist.glob("*.whl")}


def test_both_distributions_build_as_wheels(wheels):
    assert set(wheels) == {"mega_erp", "odoo_addon_portal_operations"}
    with zipfile.ZipFile(wheels["odoo_addon_portal_operations"]) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "odoo/addons/portal_operations/__manifest__.py" in names
    assert "Name: odoo-addon-portal_operations" in metadata
    # the manifest's external dependencies, and Odoo 19, are the wheel's requirements
    for requirement in ("Requires-Dist: mega-erp", "Requires-Dist: odoo==19.0.*", "Requires-Dist: zeep"):
        assert requirement in metadata
    with zipfile.ZipFile(wheels["mega_erp"]) as wheel:
        names = wheel.namelist()
    assert "mega_erp/client.py" in names
    assert any(name.startswith("mega_erp/wsdl/") for name in names)


def test_installed_wheels_make_the_addon_installable(wheels, tmp_path):
    """In a throwaway virtualenv seeing the machine's Odoo 19 (--system-site-packages),
    Odoo finds the addon from the wheel alone."""
    python3 = shutil.which("python3")
    odoo_19 = subprocess.run(  # noqa: S603
        [python3, "-c", "import odoo.release as r; assert r.version_info[0] == 19"], check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, capture_output=True,
    )
    if odoo_19.returncode != 0:
        pytest.skip("no Odoo 19 installed machine-wide to install the addon beside")
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run([python3, "-m", "venv", "--system-site-packages", str(venv)], env=env)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "--quiet", str(wheels["mega_erp"]),
          str(wheels["odoo_addon_portal_operations"])], env=env, cwd=tmp_path)
    found = _run([python, "-c", FIND_THE_ADDON], env=env, cwd=tmp_path)
    found = json.loads(found.strip().splitlines()[-1])
    site_packages = str(venv / "lib")
    assert found["module_path"].startswith(site_packages), found["module_path"]
    assert found["addon_file"].startswith(site_packages)
    assert found["manifest_name"] == "Portal Operations"
    assert found["mega_erp_file"].startswith(site_packages)
    assert not any(entry.startswith(str(REPO_ROOT)) for entry in found["sys_path"] if entry)
