# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging as the Odoo community ships 19.0 addons, four wheels:
``portal-operations-mega-erp`` (the Mega ERP client, pyproject.toml at the root),
``portal-operations-mega-erp-simulator`` (distributions/mega-erp-simulator),
``portal-operations-brazil-rules`` (the Brazilian rules the addon and the simulator
share, distributions/brazil-rules) and ``odoo-addon-portal_operations`` (the addon,
built by whool from its manifest). The addon requires the client and the rules, never
the simulator; the client none of the simulator's dependencies nor the rules; every
commit builds a newer version (a post-release number counting the commits since the
version changed). Installing the wheels beside Odoo 19 and running the addon's tests
from them is server_tests/test_wheel_install.py's (it needs Odoo, these tests do not)."""

import ast
import re
import runpy
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECTS = (REPO_ROOT, REPO_ROOT / "distributions" / "mega-erp-simulator", REPO_ROOT / "distributions" / "brazil-rules",
            REPO_ROOT / "portal_operations")
CLIENT, SIMULATOR, RULES, ADDON = "portal_operations_mega_erp", "portal_operations_mega_erp_simulator", \
    "portal_operations_brazil_rules", "odoo_addon_portal_operations"
SIMULATOR_ONLY = ("spyne", "faker", "werkzeug")

def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def build_wheels(dist):
    """The four wheels, built into ``dist``: {distribution: path}."""
    for project in PROJECTS:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(project)])
    return {path.name.split("-")[0]: path for path in Path(dist).glob("*.whl")}


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    return build_wheels(tmp_path_factory.mktemp("dist"))


def _metadata(wheel_path):
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    requires = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    version = re.search(r"^Version: (.+)$", metadata, re.MULTILINE).group(1)
    return names, metadata, requires, version


def _numeric(version):
    """PEP 440 order of these all-numeric release versions."""
    return tuple(int(part) for part in version.split("."))


def _requirement_names(requires):
    return {re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0].lower() for requirement in requires}


def test_four_distributions_build_as_wheels(wheels):
    assert set(wheels) == {CLIENT, SIMULATOR, RULES, ADDON}
    names, metadata, requires, _version = _metadata(wheels[ADDON])
    assert "odoo/addons/portal_operations/__manifest__.py" in names
    assert "Name: odoo-addon-portal_operations" in metadata
    # the manifest's external dependencies, and Odoo 19, are the wheel's requirements:
    # the client and the rules under their prefixed names, never the simulator
    assert {"portal-operations-mega-erp", "portal-operations-brazil-rules", "odoo", "zeep"} <= \
        _requirement_names(requires)
    assert "odoo==19.0.*" in requires
    assert not {"mega-erp", "portal-operations-mega-erp-simulator"} & _requirement_names(requires)

    names, metadata, requires, _version = _metadata(wheels[CLIENT])
    assert "Name: portal-operations-mega-erp" in metadata
    assert "mega_erp/client.py" in names
    assert any(name.startswith("mega_erp/wsdl/") for name in names)
    assert not any(name.startswith("mega_erp/simulator/") for name in names)
    assert not any(name.startswith("brazil_rules/") for name in names)
    assert {"zeep", "requests", "lxml"} <= _requirement_names(requires)
    assert not {*SIMULATOR_ONLY, "portal-operations-brazil-rules", "phonenumbers"} & _requirement_names(requires), \
        requires

    names, metadata, requires, _version = _metadata(wheels[RULES])
    assert "Name: portal-operations-brazil-rules" in metadata
    assert {"brazil_rules/__init__.py", "brazil_rules/cep_ranges.py"} <= set(names)
    assert not any(name.startswith("mega_erp/") for name in names)
    assert {"python-stdnum", "phonenumbers", "email-validator"} <= _requirement_names(requires)

    names, metadata, requires, _version = _metadata(wheels[SIMULATOR])
    assert "Name: portal-operations-mega-erp-simulator" in metadata
    assert "mega_erp/simulator/service.py" in names
    assert not any(name.startswith("mega_erp/") and not name.startswith("mega_erp/simulator/") for name in names)
    assert {"portal-operations-mega-erp", "portal-operations-brazil-rules", *SIMULATOR_ONLY} <= \
        _requirement_names(requires)


def test_versions_carry_a_post_release_number_per_commit(wheels):
    """The base version is the manifest's (addon) or mega_erp.__version__ (library),
    followed by ``.N``: the commits since that version was set (whool's 19.0 strategy)."""
    addon_base = ast.literal_eval((REPO_ROOT / "portal_operations" / "__manifest__.py").read_text())["version"]
    library_base = re.search(r'__version__ = "(.+)"', (REPO_ROOT / "mega_erp" / "__init__.py").read_text()).group(1)
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", addon_base)
    for distribution, base in ((ADDON, addon_base), (CLIENT, library_base), (SIMULATOR, library_base),
                               (RULES, library_base)):
        version = _metadata(wheels[distribution])[3]
        # .devN: uncommitted changes to a version no commit has yet (a pre-release of it)
        post = re.fullmatch(re.escape(base) + r"(?:\.(\d+)|\.dev\d+)?", version)
        assert post, (distribution, version)
        assert post.group(1) is None or _numeric(version) > _numeric(base)


def test_the_library_version_counts_commits_since_the_base_version_changed(tmp_path):
    """distributions/git_version.py in a scratch repository: two commits after the one
    that set the base make ``.2``, an uncommitted change one more, a new base resets it."""
    repo = tmp_path / "repo"
    (repo / "distributions").mkdir(parents=True)
    (repo / "mega_erp").mkdir()
    shutil.copy(REPO_ROOT / "distributions" / "git_version.py", repo / "distributions")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    _run([*git, "init", "-q"])

    def commit(version, text):
        (repo / "mega_erp" / "__init__.py").write_text(f'__version__ = "{version}"\n')
        (repo / "mega_erp" / "client.py").write_text(text)
        _run([*git, "add", "-A"])
        _run([*git, "commit", "-qm", text])

    def version():
        return runpy.run_path(str(repo / "distributions" / "git_version.py"))["git_version"](["mega_erp"])

    commit("19.0.1.0.0", "a")
    assert version() == "19.0.1.0.0"
    commit("19.0.1.0.0", "b")
    commit("19.0.1.0.0", "c")
    assert version() == "19.0.1.0.0.2"
    (repo / "mega_erp" / "client.py").write_text("d")
    assert version() == "19.0.1.0.0.3"
    commit("19.0.2.0.0", "e")
    assert version() == "19.0.2.0.0"
    assert _numeric("19.0.1.0.0.3") > _numeric("19.0.1.0.0.2") > _numeric("19.0.1.0.0")
