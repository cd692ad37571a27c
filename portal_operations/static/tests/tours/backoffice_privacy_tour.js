/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * An administrator answers a former customer's anonymisation request and anonymises
 * them. Started from test_portal_privacy_tours.py, which checks the results.
 */
registry.category("web_tour.tours").add("portal_operations_privacy_backoffice", {
    url: "/odoo/action-portal_operations.portal_privacy_request_action",
    steps: () => [
        {
            content: "Open the pending request",
            trigger: ".o_data_row:contains(João Teste) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Anonymise the customer",
            trigger: ".o_form_view button[name=action_anonymize_customer]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The customer is anonymised",
            trigger: ".o_form_view div[name=anonymized_date]:not(:empty)",
        },
        {
            content: "Answer the request",
            trigger: ".o_form_view button[name=action_answer]",
            run: "click",
        },
        {
            content: "Write the answer",
            trigger: ".modal div[name=answer] textarea",
            run: "edit Seus dados foram anonimizados.",
        },
        {
            content: "Send it",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "The request is answered",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Answered)",
        },
    ],
});
