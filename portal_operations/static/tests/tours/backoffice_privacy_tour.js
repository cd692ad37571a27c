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

/**
 * The LGPD records of processing (Art. 37): the requests by month and type, answered in
 * time or late, as a pivot table, then as a graph. Started from
 * test_portal_privacy_tours.py with one request answered in time and one answered late.
 */
registry.category("web_tour.tours").add("portal_operations_privacy_report", {
    url: "/odoo/action-portal_operations.portal_privacy_request_action_report",
    steps: () => [
        {
            content: "The answers in time and late are the columns",
            trigger: ".o_pivot thead th:contains(Answered in time)",
        },
        {
            trigger: ".o_pivot thead th:contains(Answered late)",
        },
        {
            content: "The request types are the rows",
            trigger: ".o_pivot tbody th:contains(Information about sharing)",
        },
        {
            trigger: ".o_pivot tbody th:contains(Anonymisation, blocking or deletion)",
        },
        {
            content: "The same figures as a graph",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
