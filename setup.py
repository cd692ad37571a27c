# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""portal-operations-mega-erp, the Mega ERP client; its version comes from git
(distributions/git_version.py)."""

import runpy
from pathlib import Path

from setuptools import setup

git_version = runpy.run_path(str(Path(__file__).resolve().parent / "distributions" / "git_version.py"))["git_version"]
setup(version=git_version(["mega_erp", ":(exclude)mega_erp/simulator"]))
