/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The administrator opens Sincronização das Bases, asks for the error log and starts a run.
registry.category("web_tour.tours").add("portal_operations_sync_screen", {
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
            content: "The screen shows the status of the last run",
            trigger: ".o_form_view .o_field_widget[name=status]",
        },
        {
            content: "Show the error log at the end",
            trigger: ".o_field_widget[name=show_error_log] input",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start Synchronization",
            trigger: ".o_form_statusbar button[name=action_start_sync]",
            run: "click",
        },
        {
            content: "It runs in the background",
            trigger: ".o_notification:contains(Synchronization started)",
        },
    ],
});
