/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * Sincronização das Bases in pt_BR: Destravar a stuck run (its process still holds the
 * lock but stopped reporting), Destravar refused (with the reason) when nothing is stuck, Apresentar Log de Erros, Iniciar Sincronização with the
 * screen following the run by itself to its end (no page reload), Atualizar Lista de
 * Jobs. Started from test_backoffice_tours.py, which runs the synchronization the
 * button asks for (there is no cron worker in tests) in the screen's next reload after
 * the tour saw it follow the run (a cookie), and checks the results; then the
 * Histórico tab and the Histórico button list the runs, and the unlocked one's log
 * says who released it.
 */
const current = (value) => `.o_statusbar_status .o_arrow_button_current[data-value=${value}]`;

registry.category("web_tour.tours").add("portal_operations_backoffice_sync", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="portal_operations.menu_portal_operations_root"]',
            run: "click",
        },
        {
            trigger: 'button[data-menu-xmlid="portal_operations.menu_portal_operations_operations"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="portal_operations.menu_mega_sync"]',
            run: "click",
        },
        {
            content: "A stuck run: the screen says so and how to release it",
            trigger: `${current("locked")}`,
        },
        {
            trigger: ".o_form_view .alert-warning:contains(Destravar Sincronização)",
        },
        {
            content: "Destravar Sincronização",
            trigger: ".o_form_statusbar button[name=action_unlock]:not(.o_mega_unlock_unavailable)",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) ${current("failed")}`,
        },
        {
            content: "Nothing stuck now: the button stays and says why there is nothing to do",
            trigger: ".o_form_statusbar button.o_mega_unlock_unavailable[name=action_unlock]",
            run: "click",
        },
        {
            trigger: ".modal:contains(Nada a destravar)",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Apresentar Log de Erros no Final da Sincronização",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=show_error_log] input",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Remember this page: a reload would forget it",
            trigger: ".o_form_saved",
            run() {
                window.poSyncTourPage = true;
            },
        },
        {
            content: "Iniciar Sincronização",
            trigger: ".o_form_statusbar button[name=action_start_sync]",
            run: "click",
        },
        {
            content: "The screen says it follows the run",
            trigger: ".o_mega_sync_live",
            run() {
                // the test's emulated cron worker runs the synchronization from now on
                document.cookie = "po_sync_tour_seen_live=1; path=/";
            },
        },
        {
            content: "It shows the end of the run by itself",
            trigger: `body:not(:has(.o_mega_sync_live)) ${current("synced")}`,
            timeout: 60000,
        },
        {
            content: "Without a page reload",
            trigger: ".o_form_view",
            run() {
                if (!window.poSyncTourPage) {
                    throw new Error("The page was reloaded");
                }
            },
        },
        {
            content: "Atualizar Lista de Jobs",
            trigger: ".o_form_statusbar button[name=action_refresh_jobs]",
            run: "click",
        },
        {
            content: "Running jobs apart from queued and finished ones, in words",
            trigger: ".o_mega_jobs_running .badge:contains(Em execução)",
        },
        {
            trigger: ".o_mega_jobs_other .badge:contains(Na fila)",
        },
        {
            trigger: ".o_mega_jobs_other .badge:contains(Concluído)",
        },
        {
            content: "Histórico: the runs, the unlocked one failed and the new one done",
            trigger: ".o_notebook .nav-link:contains(Histórico)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=run_ids] .o_data_row:has(.badge:contains(Falhou))",
        },
        {
            trigger: ".o_field_widget[name=run_ids] .o_data_row:has(.badge:contains(Sincronizado))",
        },
        {
            content: "The Histórico button: this connection's runs, with their logs",
            trigger: ".o_form_view .o-form-buttonbox button[name=action_open_runs]",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains(Histórico de sincronizações)",
        },
        {
            trigger: "body:not(:has(.o_form_view)) .o_list_view .o_data_row:has(.badge:contains(Sincronizado))",
        },
        {
            content: "The unlocked run says who released it",
            trigger: ".o_list_view .o_data_row:has(.badge:contains(Falhou)) td[name=date_start]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=log_ids] .o_data_row:contains(Destravada por)",
        },
    ],
});

/**
 * Destravar à força, in pt_BR: the run reports (so plain Destravar says it is running
 * and points to the force button) but hangs; the administrator stops it by force.
 * Started from test_backoffice_tours.py, which checks that the session holding the lock
 * was stopped and that a synchronization then runs.
 */
registry.category("web_tour.tours").add("portal_operations_backoffice_sync_force_unlock", {
    url: "/odoo/synchronization",
    steps: () => [
        {
            content: "The run reports: the screen shows it running",
            trigger: `${current("running")}`,
        },
        {
            content: "Destravar: refused while it reports, pointing to the force button",
            trigger: ".o_form_statusbar button.o_mega_unlock_unavailable[name=action_unlock]",
            run: "click",
        },
        {
            trigger: ".modal:contains(Destravar à força)",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Destravar à força",
            trigger: "body:not(:has(.modal)) .o_form_statusbar button[name=action_unlock_force]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(Interrompê-la à força) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Released: the run failed, nothing is followed any more",
            trigger: `body:not(:has(.modal)) ${current("failed")}`,
        },
        {
            trigger: "body:not(:has(.o_mega_sync_live)) .o_form_statusbar:not(:has(button[name=action_unlock_force]))",
        },
    ],
});
