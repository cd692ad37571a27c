#!/usr/bin/env bash
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Runs the product: PostgreSQL, the Mega ERP simulator and Odoo 19 with portal_operations
# and its demo data at http://localhost:8069. Run it again and it reuses what exists.
# See README.md, "Running the product".
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

DB=${PO_DB:-portal_operations}
HTTP_PORT=${PO_HTTP_PORT:-8069}
MEGA_PORT=${PO_MEGA_PORT:-8070}

resolve_odoo_python download
ensure_postgres
odoo_cmd

installed=$(db_exists "$DB" && "${PSQL[@]}" -d "$DB" -Atqc \
    "select state from ir_module_module where name='portal_operations'" 2>/dev/null || true)
if [ "$installed" != installed ]; then
    log "Creating the database $DB with portal_operations and its demo data"
    "${ODOO_CMD[@]}" -d "$DB" -i portal_operations --with-demo --load-language=pt_BR \
        --stop-after-init --log-level=warn
    # Brazilian users: the demo speaks Portuguese.
    "${PSQL[@]}" -d "$DB" -qc "update res_partner set lang = 'pt_BR' where lang is null or lang = 'en_US'" >/dev/null
else
    log "Reusing the database $DB"
fi

if "$ODOO_PY" -c 'import mega_erp.simulator' >/dev/null 2>&1; then
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$MEGA_PORT") 2>/dev/null; then
        # a tenth of the agents hold legacy data, as the addon's demo (DEMO_LEGACY_RATE)
        log "Starting the Mega ERP simulator on http://127.0.0.1:$MEGA_PORT (WSDL: /?wsdl)"
        "$ODOO_PY" -m mega_erp.simulator --port "$MEGA_PORT" --legacy-rate 0.1 --db "$RUN_DIR/mega-simulator.sqlite" \
            > "$RUN_DIR/mega-simulator.log" 2>&1 &
        trap 'kill $! 2>/dev/null || true' EXIT
    else
        log "Reusing the Mega ERP simulator already listening on port $MEGA_PORT"
    fi
fi

log "Odoo at http://localhost:$HTTP_PORT (admin/admin, operador/operador, cliente/cliente); Ctrl-C stops"
"${ODOO_CMD[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$HTTP_PORT" --log-level=info
