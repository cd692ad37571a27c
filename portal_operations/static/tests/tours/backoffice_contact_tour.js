/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Fale Conosco as the original screen, in pt_BR: development → quadra → cliente, the
 * request type, "Todos" and each status; then an internal parecer (the form shows the
 * status the customer still sees), Adicionar parecer and Lista parecer.
 * Started from test_backoffice_tours.py, which checks the results.
 */
const STATUS_SECTION = ".o_search_panel_section:has(.o_search_panel_section_header:contains(Status))";
const status = (label) => [
    {
        content: `Status ${label}`,
        trigger: `${STATUS_SECTION} .o_search_panel_category_value header:contains(${label})`,
        run: "click",
    },
    {
        trigger: `${STATUS_SECTION} .o_search_panel_category_value header.active:contains(${label})`,
    },
];

registry.category("web_tour.tours").add("portal_operations_backoffice_contact", {
    url: "/odoo/action-portal_operations.portal_contact_request_action",
    steps: () => [
        {
            content: "The side panel clears a choice with Todos",
            trigger: ".o_search_panel_category_value header.active:contains(Todos)",
        },
        {
            content: "Every status is offered, even without requests",
            trigger: ".o_search_panel_category_value header:contains(Fechada)",
        },
        {
            content: "Choose the development",
            trigger: ".o_search_panel_category_value header:contains(Loteamento Teste A)",
            run: "click",
        },
        {
            content: "Choose the block of that development",
            trigger: ".o_search_panel_filter_value:contains(QUADRA A) input",
            run: "click",
        },
        {
            content: "Choose the customer of that block",
            trigger: ".o_search_panel_filter_value:contains(Maria Teste) input",
            run: "click",
        },
        {
            content: "Choose the request type",
            trigger: ".o_search_panel_filter_value:contains(Segunda via do tour) input",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Pedido de outro))) .o_data_row:contains(Pedido do tour)",
        },
        ...status("Pendente"),
        {
            trigger: ".o_data_row:contains(Pedido do tour)",
        },
        ...status("Lida"),
        ...status("Resolvida"),
        ...status("Fechada"),
        ...status("Observação"),
        {
            trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row:contains(Pedido do tour)))",
        },
        ...status("Todos"),
        {
            trigger: ".o_data_row:contains(Pedido do tour)",
        },
        {
            content: "Remove the development chosen: Todos",
            trigger: ".o_search_panel_section:has(.o_search_panel_section_header:contains(Empreendimento)) .o_search_panel_category_value header:contains(Todos)",
            run: "click",
        },
        {
            trigger: ".o_search_panel_section:has(.o_search_panel_section_header:contains(Empreendimento)) header.active:contains(Todos)",
        },
        {
            content: "Open the request",
            trigger: ".o_data_row:contains(Pedido do tour) td[name=subject]",
            run: "click",
        },
        {
            content: "An internal parecer first",
            trigger: ".o_form_statusbar button[name=action_add_opinion]",
            run: "click",
        },
        {
            content: "Status Observação",
            trigger: ".modal div[name=state] .o_radio_item:contains(Observação) input",
            run: "click",
        },
        {
            content: "Internal: only staff see it",
            trigger: ".modal div[name=internal] input",
            run: "click",
        },
        {
            trigger: ".modal div[name=text] textarea",
            run: "edit Conferir o boleto com o financeiro.",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The form says what the customer still sees: Lida",
            trigger: "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Observação)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=portal_state]:contains(Lida)",
        },
        {
            content: "Adicionar parecer",
            trigger: ".o_form_statusbar button[name=action_add_opinion]",
            run: "click",
        },
        {
            content: "Status Resolvida",
            trigger: ".modal div[name=state] .o_radio_item:contains(Resolvida) input",
            run: "click",
        },
        {
            content: "The parecer",
            trigger: ".modal div[name=text] textarea",
            run: "edit Segunda via enviada para o seu e-mail.",
        },
        {
            content: "Salvar",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Resolvida)",
        },
        {
            content: "The customer sees the same status again: the field is hidden",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=portal_state]))",
        },
        {
            content: "Lista parecer",
            trigger: ".o_form_statusbar button[name=action_list_opinions]",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Segunda via enviada para o seu e-mail.)",
        },
    ],
});
