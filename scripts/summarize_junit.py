# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Add up pytest's JUnit reports into one closing line: 'N passed, N failed, N skipped'.

Counted per test (a test whose subtests failed is one failed test), from the
``<testcase>`` elements rather than the suite's totals, which count subtests too.
"""

import sys
import xml.etree.ElementTree as ET  # noqa: S405 - our own pytest reports

outcomes = {}
missing = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()  # noqa: S314
    except (OSError, ET.ParseError):
        missing += 1  # a suite that left no report did not pass
        continue
    for case in root.iter("testcase"):
        key = (path, case.get("classname"), case.get("name"))
        if case.find("failure") is not None or case.find("error") is not None:
            outcome = "failed"
        elif case.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        if outcomes.get(key) != "failed":
            outcomes[key] = outcome

def count(paths):
    found = [outcome for (path, *_), outcome in outcomes.items() if path in paths]
    return {name: found.count(name) for name in ("passed", "failed", "skipped")}


if len(sys.argv) > 2:  # one line per suite, then the total
    for path in sys.argv[1:]:
        counts = count({path})
        print(f"{path.rsplit('/', 1)[-1]}: {counts['passed']} passed, {counts['failed']} failed, "
              f"{counts['skipped']} skipped")
counts = count(set(sys.argv[1:]))
print(f"total: {counts['passed']} passed, {counts['failed'] + missing} failed, "
      f"{counts['skipped']} skipped")
