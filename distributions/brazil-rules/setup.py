# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""portal-operations-brazil-rules, the Brazilian rules shared by the addon and the
simulator; its version comes from git (distributions/git_version.py)."""

import runpy
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
git_version = runpy.run_path(str(HERE.parent / "git_version.py"))["git_version"]
setup(
    version=git_version(["brazil_rules", "distributions/brazil-rules"]),
    # the package lives at the repository's root, beside mega_erp
    package_dir={"brazil_rules": str(HERE.parent.parent / "brazil_rules")},
)
