#!/usr/bin/env bash
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Runs the product: PostgreSQL, the Mega ERP simulator and Odoo 19 with portal_operations
# and its demo data at http://localhost:8069. Run it again and it reuses what exists.
# See README.md, "Running the product".
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT" || exit

DB=${PO_DB:-portal_operations}
HTTP_PORT=${PO_HTTP_PORT:-8069}
MEGA_PORT=${PO_MEGA_PORT:-8070}
MEGA_HORIZONTE_PORT=${PO_MEGA_HORIZONTE_PORT:-$((MEGA_PORT + 1))}

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

# One simulator per demo company: (backend XML id, port, dataset, login, state file,
# share of agents with legacy data)
SIMULATORS=(
    "mega_backend_main $MEGA_PORT demo mega mega-simulator 0.1"
    "demo_mega_backend_horizonte $MEGA_HORIZONTE_PORT horizonte horizonte mega-simulator-horizonte 0"
)
SIMULATOR_PIDS=()
stop_simulators() {
    local pid
    for pid in "${SIMULATOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_simulators EXIT
if "$ODOO_PY" -c 'import mega_erp.simulator' >/dev/null 2>&1; then
    for spec in "${SIMULATORS[@]}"; do
        read -r xmlid port dataset login state legacy <<< "$spec"
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            log "Starting the Mega ERP simulator ($dataset) on http://127.0.0.1:$port (WSDL: /?wsdl)"
            # a tenth of the demo's agents hold legacy data, as the addon's demo (DEMO_LEGACY_RATE)
            "$ODOO_PY" -m mega_erp.simulator --port "$port" --dataset "$dataset" --legacy-rate "$legacy" \
                --username "$login" --password "$login" --db "$RUN_DIR/$state.sqlite" \
                > "$RUN_DIR/$state.log" 2>&1 &
            SIMULATOR_PIDS+=($!)
        else
            log "Reusing the Mega ERP simulator already listening on port $port"
        fi
        # The demo connection points at this simulator, whatever the port (a connection
        # an administrator moved to a real ERP is left alone).
        "${PSQL[@]}" -d "$DB" -qc "update mega_backend b set wsdl_url = 'http://127.0.0.1:$port/?wsdl',
                endpoint_url = null
            from ir_model_data d
            where d.module = 'portal_operations' and d.name = '$xmlid' and d.res_id = b.id
              and coalesce(b.endpoint_url, b.wsdl_url, '') ~ '^(http://127\.0\.0\.1:[0-9]+/?(\?wsdl)?)?$'" >/dev/null
    done
fi

log "Odoo at http://localhost:$HTTP_PORT (admin/admin, operador/operador, cliente/cliente); Ctrl-C stops"
"${ODOO_CMD[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$HTTP_PORT" --log-level=info
