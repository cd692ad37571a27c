# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bring portal_operations/i18n/pt_BR.po in step with a freshly exported template.

    odoo i18n export -c ODOO_CONF -d DB -l pot -o /tmp/portal_operations.pot portal_operations
    python3 scripts/i18n_sync.py /tmp/portal_operations.pot [translations.po ...]

Keeps every existing translation, takes new ones from the extra .po files given, drops
strings the addon no longer has, and lists what is still untranslated (exit 1 if any).
"""

import sys
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "portal_operations" / "i18n" / "pt_BR.po"


def main(template_path, *extra_paths):
    template = polib.pofile(template_path)
    known = {}
    for path in (PO_PATH, *extra_paths):
        if Path(path).exists():
            for entry in polib.pofile(str(path)):
                if entry.msgstr:
                    known[entry.msgid] = entry.msgstr
    catalog = polib.POFile(wrapwidth=78)
    catalog.metadata = {
        "Project-Id-Version": "Odoo Server 19.0",
        "Language": "pt_BR",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    missing = []
    for entry in template:
        entry.msgstr = known.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        catalog.append(entry)
    PO_PATH.parent.mkdir(exist_ok=True)
    catalog.save(str(PO_PATH))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(template)} strings, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
