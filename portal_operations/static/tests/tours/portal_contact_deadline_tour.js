/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * The administrator filters Operações > Fale Conosco with Overdue, sees only the overdue
 * request (its deadline in red), opens it and reads the Overdue banner. Started from
 * test_portal_contact_deadline_ui.py.
 */
registry.category("web_tour.tours").add("portal_contact_deadline_tour", {
    url: "/odoo/action-portal_operations.portal_contact_request_action",
    steps: () => [
        {
            content: "Both requests are listed, the overdue one in red",
            trigger: ".o_data_row.text-danger:contains(Pedido atrasado do tour)",
        },
        {
            trigger: ".o_data_row:not(.text-danger):contains(Pedido em dia do tour)",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the overdue requests",
            trigger: ".o_filter_menu .dropdown-item:contains(Overdue)",
            run: "click",
        },
        {
            content: "Only the overdue request is left",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Pedido em dia do tour))) .o_data_row:contains(Pedido atrasado do tour) td[name=subject]",
            run: "click",
        },
        {
            content: "The form says it is overdue",
            trigger: ".o_form_view .alert-danger:contains(Overdue)",
        },
    ],
});
