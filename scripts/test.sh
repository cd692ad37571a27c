#!/usr/bin/env bash
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Runs every test: the mega_erp library tests, then the Odoo tests of portal_operations
# (pytest-odoo, HttpCase and tours included) on throwaway databases. Exits non-zero on
# any failure. See README.md, "Running the tests".
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

REPORTS=$RUN_DIR/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
status=0

# pytest exits 5 when it collected nothing: a suite that runs no test is a broken one.
run_pytest() {  # $1: label, rest: python -m pytest arguments
    local label=$1; shift
    local rc=0
    "$@" || rc=$?
    if [ "$rc" = 5 ]; then
        echo "FAILED: $label collected no test" >&2
    fi
    [ "$rc" = 0 ] || status=1
}

ensure_project_venv
run_lint || status=1

log "Library tests (mega_erp)"
run_pytest "library tests" \
    "$PY" -m pytest tests -q -p no:cacheprovider -p no:odoo --junitxml="$REPORTS/library.xml"

if ! resolve_odoo_python; then
    echo "Odoo tests NOT RUN: Odoo 19 is not installed (python3 does not import odoo 19 and ODOO_SRC is not set)."
    "$PY" "$REPO_ROOT/scripts/summarize_junit.py" "$REPORTS/library.xml"
    exit $status
fi

# Tours drive a headless Chromium; without it Odoo skips each tour with a mere warning.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "Installing Chromium for the tours"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
            || die "could not install chromium (needed by the tours)"
    else
        die "chromium is needed by the tours: install Debian's chromium package"
    fi
fi

# axe-core (npm registry) for the accessibility test of the portal pages
if command -v npm >/dev/null 2>&1; then
    log "Installing axe-core for the accessibility test (tests/a11y)"
    npm ci --prefix "$REPO_ROOT/tests/a11y" --no-audit --no-fund --loglevel=error >/dev/null \
        || echo "WARNING: npm ci failed: test_portal_accessibility will fail"
fi

ensure_postgres
odoo_cmd
db_nodemo=po_test_nodemo_$$
db=po_test_$$
trap '"${PSQL[@]}" -qc "drop database if exists $db" -c "drop database if exists $db_nodemo" >/dev/null 2>&1 || true' EXIT

log "Installing portal_operations without demo data ($db_nodemo)"
"${ODOO_CMD[@]}" -d "$db_nodemo" -i portal_operations --stop-after-init --log-level=warn \
    || { echo "FAILED: portal_operations does not install without demo data"; status=1; }

log "Installing portal_operations with demo data ($db)"
"${ODOO_CMD[@]}" -d "$db" -i portal_operations --with-demo --stop-after-init --log-level=warn \
    || die "portal_operations does not install with demo data"

log "Odoo tests (pytest-odoo, with HTTP server for HttpCase and tours)"
conf=$RUN_DIR/odoo-test.conf
{
    echo "[options]"
    echo "addons_path = $REPO_ROOT"
    echo "data_dir = $RUN_DIR/data"
    echo "db_name = $db"
    # HttpCase and tours serve on their own free port, so several checkouts can test at once.
    echo "http_port = ${PO_TEST_HTTP_PORT:-$(free_port)}"
    for arg in "${PG_ARGS[@]}"; do a=${arg#--}; echo "${a%%=*} = ${a#*=}"; done
} > "$conf"
run_pytest "Odoo tests" "$ODOO_PY" -m pytest portal_operations/tests -q -p no:cacheprovider \
    --odoo-config="$conf" --odoo-http --junitxml="$REPORTS/odoo.xml" "$@"

"$PY" "$REPO_ROOT/scripts/summarize_junit.py" "$REPORTS/library.xml" "$REPORTS/odoo.xml"
exit $status
