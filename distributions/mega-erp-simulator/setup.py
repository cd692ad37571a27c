# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""portal-operations-mega-erp-simulator, the simulated Mega ERP; its version comes from
git (distributions/git_version.py)."""

import runpy
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
git_version = runpy.run_path(str(HERE.parent / "git_version.py"))["git_version"]
setup(
    version=git_version(["mega_erp/simulator", "distributions/mega-erp-simulator"]),
    # the simulator's modules, which live in the library's tree
    package_dir={"mega_erp.simulator": str(HERE.parent.parent / "mega_erp" / "simulator")},
)
