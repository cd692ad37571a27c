/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Corrigir, then "Corrigir e aprovar" in one step, in pt_BR, on a request holding an
 * option (marital status) and a UF besides a text (the CEP): the wizard shows the
 * option and UF columns and each is corrected with its own widget.
 * Started from test_backoffice_tours.py, which checks the partner afterwards.
 */
const cell = (field, column) => `.modal .o_data_row:has(td[name=rule_id]:contains(${field})) td[name=${column}]`;
const pick = (field, column, typed, option) => [
    {
        content: `Correct ${field}`,
        trigger: cell(field, column),
        run: "click",
    },
    {
        trigger: `${cell(field, column)} input`,
        run: `edit ${typed}`,
    },
    {
        trigger: `.o-autocomplete--dropdown-item:contains(${option})`,
        run: "click",
    },
    {
        trigger: `${cell(field, column)}:contains(${option}), ${cell(field, column)} input:value(${option})`,
    },
];

registry.category("web_tour.tours").add("portal_operations_backoffice_change_request_correct", {
    url: "/odoo/registration-changes",
    steps: () => [
        {
            content: "Open the request of Maria Teste",
            trigger: ".o_data_row:contains(Maria Teste) td[name=partner_id]",
            run: "click",
        },
        {
            content: "Corrigir",
            trigger: ".o_form_statusbar button[name=action_open_correct_wizard]",
            run: "click",
        },
        {
            content: "An option column and a UF column, as the request holds both",
            trigger: ".modal th[data-name=value_selection_id]",
        },
        {
            trigger: ".modal th[data-name=value_state_id]",
        },
        ...pick("Estado civil", "value_selection_id", "Solt", "Solteiro(a)"),
        ...pick("UF", "value_state_id", "São Paulo", "São Paulo"),
        {
            content: "And the CEP, a text",
            trigger: cell("CEP", "value_char"),
            run: "click",
        },
        {
            trigger: `${cell("CEP", "value_char")} input`,
            run: "edit 13087-000",
        },
        {
            content: "Corrigir e aprovar",
            trigger: ".modal button[name=action_correct_and_approve]",
            run: "click",
        },
        {
            content: "Approved with the corrections",
            trigger: "body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(Aprovada)",
        },
    ],
});
