/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * The administrator filters Operações > Fale Conosco by development, opens the pending
 * request (which becomes Read), adds a public and an internal opinion and lists them.
 * Started from test_portal_contact_portal.py, which checks the results.
 */
registry.category("web_tour.tours").add("portal_contact_backend_tour", {
    url: "/odoo/action-portal_operations.portal_contact_request_action",
    steps: () => [
        {
            content: "Filter by the development",
            trigger: ".o_search_panel_category_value header:contains(Loteamento Teste A)",
            run: "click",
        },
        {
            content: "Open the pending request",
            trigger: ".o_data_row:contains(Pedido do tour) td[name=subject]",
            run: "click",
        },
        {
            content: "Opening it made it Read",
            trigger: ".o_statusbar_status [aria-checked=true]:contains(Read)",
        },
        {
            content: "Add a public opinion",
            trigger: "button[name=action_add_opinion]",
            run: "click",
        },
        {
            content: "Write it",
            trigger: ".modal div[name=text] textarea",
            run: "edit Boleto reenviado por e-mail.",
        },
        {
            content: "Save it",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The request is Resolved",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(Resolved)",
        },
        {
            content: "Add an internal opinion",
            trigger: "button[name=action_add_opinion]",
            run: "click",
        },
        {
            content: "Status Observation",
            trigger: ".modal div[name=state] .o_radio_item:contains(Observation) input",
            run: "click",
        },
        {
            content: "Internal",
            trigger: ".modal div[name=internal] input",
            run: "click",
        },
        {
            content: "Write it",
            trigger: ".modal div[name=text] textarea",
            run: "edit Nota interna do tour.",
        },
        {
            content: "Save it",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The request is in Observation",
            trigger: "body:not(:has(.modal)) .o_statusbar_status [aria-checked=true]:contains(Observation)",
        },
        {
            content: "List the opinions",
            trigger: ".o_statusbar_buttons button[name=action_list_opinions]",
            run: "click",
        },
        {
            content: "Newest first: the internal one, then the public one",
            trigger: ".o_data_row:first:contains(Nota interna do tour.)",
        },
        {
            trigger: ".o_data_row:last:contains(Boleto reenviado por e-mail.)",
        },
    ],
});
