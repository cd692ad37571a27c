/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

// The administrator opens the pending request, sees the change in red, and approves it.
registry.category("web_tour.tours").add("portal_operations_change_request_review", {
    url: "/odoo/registration-changes",
    steps: () => [
        {
            content: "Open the pending request",
            trigger: ".o_data_row .o_data_cell:contains(Maria Teste)",
            run: "click",
        },
        {
            content: "The changed value is in red, beside the original",
            trigger: ".o_change_request_review tr[data-changed] td.text-danger:contains(13087-000)",
        },
        {
            trigger: ".o_change_request_review tr:not([data-changed]) td:contains(Maria Teste)",
        },
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
    ],
});
