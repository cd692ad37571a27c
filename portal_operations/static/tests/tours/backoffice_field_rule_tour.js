/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Parâmetros Cadastrais in pt_BR: the administrator locks the CEP in its row of the list,
 * where the label customers read and its section cannot be edited; they are changed in
 * the rule's form (the row's open button).
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
        {
            content: "A click on the label edits the row's rule only",
            trigger: ".o_data_row:contains(CEP) td[name=name]",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row td[name=rule] .o_select_menu_toggler",
        },
        {
            content: "Label and section stay read-only in the row",
            trigger: ".o_data_row.o_selected_row td[name=name].o_readonly_modifier",
        },
        {
            trigger: ".o_data_row.o_selected_row td[name=section].o_readonly_modifier",
            run() {
                const row = this.anchor.closest(".o_data_row");
                if (row.querySelector("td[name=name] input, td[name=section] .o_select_menu_toggler")) {
                    throw new Error("The label or the section can be edited in the list");
                }
            },
        },
        {
            content: "Leave the row unchanged",
            trigger: ".o_list_button_discard",
            run: "click",
        },
        {
            content: "Open the rule of the CEP in its form",
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(CEP) .o_list_record_open_form_view button",
            run: "click",
        },
        {
            content: "The label customers read",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit CEP do endereço",
        },
        {
            content: "Its section",
            trigger: ".o_form_view .o_field_widget[name=section] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Contato)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=section] input:value(Contato)",
        },
        {
            content: "Save the rule",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Back to the list: the new label and section",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button a",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(CEP do endereço) td[name=section]:contains(Contato)",
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
