/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Aprovação de Dados Cadastrais, the search of the original screen, in pt_BR: the side
 * panel (a development, then a third-party asset, each selection removed), every status
 * and "Alterações cadastrais entre" with a start and an end date, which becomes a facet
 * of the same list (removable, the other filters kept).
 * Started from test_backoffice_tours.py, which prepares the requests.
 */
const statusFilter = (label) => [
    {
        content: `Status ${label}`,
        trigger: `.o_filter_menu .o_menu_item:contains(${label})`,
        run: "click",
    },
    {
        trigger: `.o_searchview_facet:contains(${label})`,
    },
];

/**
 * A date of the period: both look alike (a value in full, underlined), so both are
 * reached the same way; the one clicked becomes the input the date is typed in.
 */
const typeDate = (name, content, typed) => [
    {
        content: `${content}: shown in full, like the other date`,
        trigger: `.modal .o_field_widget.o_field_highlight[name=${name}] button.o_input:contains(/20)`,
        run: "click",
    },
    {
        trigger: `.modal .o_field_widget[name=${name}] input`,
        run: `edit ${typed}`,
    },
];

registry.category("web_tour.tours").add("portal_operations_backoffice_change_request_filters", {
    url: "/odoo/registration-changes",
    steps: () => [
        {
            content: "Pending requests by default",
            trigger: ".o_searchview_facet:contains(Pendente)",
        },
        {
            trigger: ".o_data_row:contains(Maria Teste)",
        },
        {
            content: "Own developments and third-party assets are told apart",
            trigger: ".o_search_panel_group_header:contains(Empreendimento)",
        },
        {
            trigger: ".o_search_panel_group_header:contains(Bem de terceiro)",
        },
        {
            content: "Every asset is listed, even one without requests",
            trigger: ".o_search_panel_filter_value:contains(Fazenda Sem Pedidos)",
        },
        {
            content: "Choose the third-party asset",
            trigger: ".o_search_panel_filter_value:contains(Residencial Teste B) input",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Maria Teste))) .o_data_row:contains(João Teste)",
        },
        {
            content: "Remove the selection",
            trigger: ".o_search_panel_filter_value:contains(Residencial Teste B) input:checked",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Maria Teste)",
        },
        {
            content: "Choose the own development",
            trigger: ".o_search_panel_filter_value:contains(Loteamento Teste A) input",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(João Teste))) .o_data_row:contains(Maria Teste)",
        },
        {
            content: "Remove the selection",
            trigger: ".o_search_panel_filter_value:contains(Loteamento Teste A) input:checked",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(João Teste)",
        },
        {
            content: "Open the status choices",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        ...statusFilter("Aprovada"),
        ...statusFilter("Reprovada"),
        ...statusFilter("Inativa"),
        ...statusFilter("Excluída"),
        {
            content: "The approved request is listed with the pending ones",
            trigger: ".o_data_row:contains(Antiga Aprovada)",
        },
        {
            content: "Only approved ones: Pendente off",
            trigger: ".o_filter_menu .o_menu_item:contains(Pendente)",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Maria Teste))) .o_data_row:contains(Antiga Aprovada)",
        },
        {
            content: "Alterações cadastrais entre",
            trigger: ".o_control_panel button:contains(Alterações cadastrais entre)",
            run: "click",
        },
        ...typeDate("date_from", "Start date", "01/01/2021"),
        ...typeDate("date_to", "End date", "31/12/2030"),
        {
            content: "Pesquisar",
            trigger: ".modal button[name=action_search]",
            run: "click",
        },
        {
            content: "The period is a facet of the same list; the status filters are kept",
            trigger: ".o_searchview_facet:contains(Enviada entre 01/01/2021 e 31/12/2030)",
        },
        {
            trigger: ".o_searchview_facet:contains(Aprovada)",
        },
        {
            content: "The approved request of 2020 is left out",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Antiga Aprovada)))",
        },
        {
            content: "Remove the period",
            trigger: ".o_searchview_facet:contains(Enviada entre) .o_facet_remove",
            run: "click",
        },
        {
            content: "The request of 2020 is back; the status filters still hold",
            trigger: ".o_control_panel:not(:has(.o_searchview_facet:contains(Enviada entre))):has(.o_searchview_facet:contains(Aprovada))",
        },
        {
            trigger: ".o_data_row:contains(Antiga Aprovada)",
        },
    ],
});
