#!/usr/bin/env bash
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Runs every test: the mega_erp library tests, then the Odoo tests of portal_operations
# (pytest-odoo, HttpCase and tours included) on throwaway databases. Exits non-zero on
# any failure. See README.md, "Running the tests".
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT" || exit

REPORTS=$RUN_DIR/reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
status=0

# pytest exits 5 when it collected nothing: a suite that runs no test is a broken one.
run_pytest() {  # $1: label, rest: python -m pytest arguments
    local label=$1; shift
    local rc=0 started=$SECONDS
    "$@" || rc=$?
    if [ "$rc" = 5 ]; then
        echo "FAILED: $label collected no test" >&2
    fi
    [ "$rc" = 0 ] || status=1
    echo "$label took $((SECONDS - started)) s"
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
# (server_tests/test_portal_accessibility.py): without npm that test fails, it is not skipped.
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Installing npm for the accessibility test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm) >/dev/null \
        || echo "FAILED: could not install npm (needed by the accessibility test)"
fi
if command -v npm >/dev/null 2>&1; then
    log "Installing axe-core for the accessibility test (tests/a11y)"
    npm ci --prefix "$REPO_ROOT/tests/a11y" --no-audit --no-fund --loglevel=error >/dev/null \
        || echo "FAILED: npm ci --prefix tests/a11y failed: the accessibility test will fail"
else
    echo "FAILED: npm is missing (Debian's npm package): the accessibility test will fail"
fi

ensure_postgres
odoo_cmd
db_nodemo=po_test_nodemo_$$
db=po_test_$$
db_server=po_test_server_$$
db_br=po_test_br_$$
trap '"${PSQL[@]}" -qc "drop database if exists $db" -c "drop database if exists $db_nodemo" -c "drop database if exists $db_server" -c "drop database if exists $db_br" >/dev/null 2>&1 || true' EXIT

# pytest-odoo's configuration for database $1, in file $2
write_test_conf() {
    {
        echo "[options]"
        echo "addons_path = $REPO_ROOT"
        echo "data_dir = $RUN_DIR/data"
        echo "db_name = $1"
        # HttpCase and tours serve on their own free port, so several checkouts can test at once.
        echo "http_port = ${PO_TEST_HTTP_PORT:-$(free_port)}"
        for arg in "${PG_ARGS[@]}"; do a=${arg#--}; echo "${a%%=*} = ${a#*=}"; done
    } > "$2"
}
conf=$RUN_DIR/odoo-test.conf
peer_conf=$RUN_DIR/odoo-peer.conf
br_conf=$RUN_DIR/odoo-test-br.conf
write_test_conf "$db" "$conf"
write_test_conf "$db_nodemo" "$peer_conf"
write_test_conf "$db_br" "$br_conf"
# Each suite writes its JUnit report; the closing summary adds up those that ran.
reports=("$REPORTS/library.xml")

# The addon's suite on a database with its demo data, then the checks that need this
# repository's tooling apart from the shipped tests: the accessibility test (axe-core
# from npm), the upgrade from the newest release (git), and the README's production
# command (a prefork server: HTTP workers, cron worker, gevent child) on a copy of the
# demo database. Each drops its database.
main_lane() {
    log "Installing portal_operations without demo data ($db_nodemo)"
    "${ODOO_CMD[@]}" -d "$db_nodemo" -i portal_operations --stop-after-init --log-level=warn \
        || { echo "FAILED: portal_operations does not install without demo data"; status=1; }
    touch "$RUN_DIR/nodemo-installed.$$"
    log "Installing portal_operations with demo data ($db)"
    if ! "${ODOO_CMD[@]}" -d "$db" -i portal_operations --with-demo --stop-after-init --log-level=warn; then
        echo "FAILED: portal_operations does not install with demo data"; return 1
    fi
    log "Odoo tests (pytest-odoo, with HTTP server for HttpCase and tours)"
    run_pytest "Odoo tests" "$ODOO_PY" -m pytest portal_operations/tests -q -p no:cacheprovider \
        --odoo-config="$conf" --odoo-http --junitxml="$REPORTS/odoo.xml" "$@"
    [ $# = 0 ] || return $status
    log "Accessibility test (server_tests, axe-core)"
    run_pytest "accessibility test" "$ODOO_PY" -m pytest server_tests/test_portal_accessibility.py -q \
        -p no:cacheprovider --odoo-config="$conf" --odoo-http --junitxml="$REPORTS/a11y.xml"
    log "Upgrade from the newest release of releases.toml (git worktree) to this checkout"
    PO_UPGRADE_DB=po_test_upgrade_$$ PO_ODOO_PY=$ODOO_PY PO_ODOO_CONF=$conf run_pytest "upgrade test" \
        "$PY" -m pytest server_tests/test_upgrade.py -q -p no:cacheprovider -p no:odoo --junitxml="$REPORTS/upgrade.xml"
    log "Production server: prefork, the synchronization on the cron worker ($db_server)"
    "${PSQL[@]}" -qc "create database $db_server template $db" >/dev/null
    PO_SERVER_DB=$db_server PO_ODOO=$ODOO_BIN PO_ODOO_CONF=$conf run_pytest "prefork server test" \
        "$PY" -m pytest server_tests/test_prefork_server.py -q -s -p no:cacheprovider -p no:odoo --junitxml="$REPORTS/prefork.xml"
    return $status
}

# Beside Odoo's Brazilian localisation, as an integrator installs the addon: its wheels
# in a fresh virtualenv, on a database where l10n_br (its address model, cities and CEP
# ranges), base_vat (its CPF/CNPJ check) and website are installed first, with demo
# data, and its whole suite under Odoo's own runner (--test-enable, as the OCA runs an
# addon's tests). With a selection of the addon's tests (pytest arguments), that
# selection runs beside them with pytest-odoo instead. Then, a good neighbour, Odoo's own
# suites of the apps the addon extends with it installed (pytest-odoo runs at_install and
# post_install tests alike), on the database with the addon but without its demo data:
# Odoo's suites expect Odoo's own demo-less setup (an English-speaking admin, the default
# company), which the addon's Brazilian demo changes on purpose. PO_L10N_BR_SUITE=0 skips
# the first, PO_PEER_SUITES="" the last; a selection skips the peers.
neighbour_lane() {
    local started=$SECONDS
    if [ $# = 0 ]; then
        log "The addon from its wheels in a fresh virtualenv beside l10n_br, base_vat and website, its suite under Odoo's own runner"
        PO_WHEEL_DB=po_test_wheel_$$ PO_ODOO_CONF=$conf PO_WHEEL_JUNIT=$REPORTS/odoo-runner-l10n-br.xml \
            PO_WHEEL_BESIDE=$([ "${PO_L10N_BR_SUITE:-1}" = 0 ] || echo l10n_br,base_vat,website) \
            PO_ODOO_TREE=$("$ODOO_PY" -c \
            'import os, odoo.release as r; print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))') \
            run_pytest "wheel install test, the suite under Odoo's runner" "$PY" -m pytest server_tests/test_wheel_install.py \
            -q -s -p no:cacheprovider -p no:odoo --junitxml="$REPORTS/wheel.xml"
    elif [ "${PO_L10N_BR_SUITE:-1}" != 0 ]; then
        log "Installing l10n_br, base_vat, website, then portal_operations, with demo data ($db_br)"
        if "${ODOO_CMD[@]}" -d "$db_br" -i l10n_br,base_vat,website --with-demo --stop-after-init --log-level=warn \
            && "${ODOO_CMD[@]}" -d "$db_br" -i portal_operations --with-demo --stop-after-init --log-level=warn; then
            log "Odoo tests beside l10n_br, base_vat and website"
            run_pytest "Odoo tests beside l10n_br" "$ODOO_PY" -m pytest portal_operations/tests -q -p no:cacheprovider \
                --odoo-config="$br_conf" --odoo-http --junitxml="$REPORTS/odoo-l10n-br.xml" "$@"
        else
            echo "FAILED: portal_operations does not install beside l10n_br, base_vat and website"; status=1
        fi
        echo "The selection beside l10n_br, base_vat and website took $((SECONDS - started)) s (installation included)"
    fi
    [ $# = 0 ] || return $status
    # Odoo's suites need the demo-less database the other lane installs first.
    until db_exists "$db_nodemo" && [ -e "$RUN_DIR/nodemo-installed.$$" ]; do sleep 5; done
    for addon in ${PO_PEER_SUITES-portal mail}; do
        tests=$("$ODOO_PY" -c "import odoo.modules.module as m, sys; print(m.get_module_path(sys.argv[1]) or '')" "$addon")/tests
        [ -d "$tests" ] || { echo "FAILED: Odoo's $addon tests not found"; status=1; continue; }
        log "Odoo's own $addon suite with portal_operations installed"
        run_pytest "Odoo's $addon suite" "$ODOO_PY" -m pytest "$tests" -q -p no:cacheprovider \
            --odoo-config="$peer_conf" --odoo-http --junitxml="$REPORTS/odoo-$addon.xml"
    done
    return $status
}

# The two lanes run at once, one per core of a small machine (each on its own databases,
# HTTP port and browser; no test depends on timing), unless PO_PARALLEL=0. The main
# lane prints as it goes; the neighbour lane's output is kept and printed when it ends.
lane_log=$RUN_DIR/neighbour-lane.log
rm -f "$RUN_DIR"/nodemo-installed.*
started=$SECONDS
if [ "${PO_PARALLEL:-1}" != 0 ]; then
    { neighbour_lane "$@" || exit 1; } > "$lane_log" 2>&1 &
    neighbour_pid=$!
    main_lane "$@" || status=1
    echo "The main lane took $((SECONDS - started)) s"
    wait "$neighbour_pid" || status=1
    log "The neighbour lane (its output, as it ran beside the main lane)"
    cat "$lane_log"
else
    main_lane "$@" || status=1
    echo "The main lane took $((SECONDS - started)) s"
    neighbour_lane "$@" || status=1
fi
echo "Both lanes took $((SECONDS - started)) s"

reports+=("$REPORTS/odoo.xml")
if [ $# != 0 ]; then
    [ "${PO_L10N_BR_SUITE:-1}" = 0 ] || reports+=("$REPORTS/odoo-l10n-br.xml")
else
    reports+=("$REPORTS/odoo-runner-l10n-br.xml" "$REPORTS/a11y.xml" "$REPORTS/upgrade.xml"
              "$REPORTS/prefork.xml" "$REPORTS/wheel.xml")
    for addon in ${PO_PEER_SUITES-portal mail}; do reports+=("$REPORTS/odoo-$addon.xml"); done
fi
"$PY" "$REPO_ROOT/scripts/summarize_junit.py" "${reports[@]}"
exit $status
