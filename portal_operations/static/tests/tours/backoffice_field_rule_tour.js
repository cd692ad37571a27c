/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Parâmetros Cadastrais in pt_BR: the administrator locks the CEP in its row of the list.
 * Started from test_backoffice_tours.py, which then shows the effect on the portal form.
 */
registry.category("web_tour.tours").add("portal_operations_backoffice_field_rule", {
    url: "/odoo/action-portal_operations.portal_change_field_rule_action",
    steps: () => [
        {
            content: "The rule of the CEP",
            trigger: ".o_data_row:contains(CEP) td[name=rule]",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row td[name=rule] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Locked: the customer cannot change it",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Bloqueado)",
            run: "click",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(CEP) td[name=rule]:contains(Bloqueado)",
        },
    ],
});

/** The customer's form once the CEP is locked: shown, not editable. */
registry.category("web_tour.tours").add("portal_operations_field_rule_on_portal", {
    url: "/my/personal-data",
    steps: () => [
        {
            trigger: "input[name=zip][readonly]",
        },
        {
            trigger: "input[name=city]:not([readonly])",
        },
    ],
});
