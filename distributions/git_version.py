# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The version of a mega_erp distribution, as the OCA versions its addons' wheels
(whool's ``.N`` post-version strategy of 19.0): the base version (``__version__`` of
mega_erp/__init__.py, bumped with each release of the library), followed by the number
of commits to the distribution's files since that base was set, so that every commit
builds a newer version than the one before it and pip upgrades between them. Without
git (a source archive) the base version alone."""

import re
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = "mega_erp/__init__.py"
VERSION_RE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def _git(*args):
    result = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
    return result.stdout if result.returncode == 0 else None


def _base_version(text):
    match = VERSION_RE.search(text or "")
    return match and match.group(1)


def git_version(pathspecs):
    """The version of the distribution made of ``pathspecs`` (git pathspecs)."""
    base = _base_version((REPO_ROOT / VERSION_FILE).read_text())
    log = _git("log", "--format=%H", "--", *pathspecs)
    if log is None:
        return base
    count = 1 if _git("status", "--porcelain", "--", *pathspecs) else 0  # uncommitted changes
    newest_with_base = None
    for sha in log.split():
        if _base_version(_git("show", f"{sha}:{VERSION_FILE}")) != base:
            break
        if newest_with_base is None:
            newest_with_base = sha
        else:
            count += 1
    return f"{base}.{count}" if count else base
