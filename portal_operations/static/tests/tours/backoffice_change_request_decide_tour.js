/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * Aprovação de Dados Cadastrais, every button of the review form in pt_BR: Corrigir
 * (a changed value) and Salvar correções, then Confirmar/Aprovar; Aprovar; Reprovar;
 * Descartar. Started from test_backoffice_tours.py, which checks the results.
 */
const openRequest = (customer) => [
    {
        content: "Back to the list",
        trigger: ".o_breadcrumb .o_back_button",
        run: "click",
    },
    {
        content: `Open the request of ${customer}`,
        trigger: `.o_data_row:contains(${customer}) td[name=partner_id]`,
        run: "click",
    },
    {
        trigger: `.o_form_view .o_field_widget[name=partner_id]:contains(${customer})`,
    },
];

const currentStatus = (label) => ({
    content: `The request is ${label}`,
    trigger: `body:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains(${label})`,
});

registry.category("web_tour.tours").add("portal_operations_backoffice_change_request_decide", {
    url: "/odoo/registration-changes",
    steps: () => [
        {
            content: "Open the request of Maria Teste",
            trigger: ".o_data_row:contains(Maria Teste) td[name=partner_id]",
            run: "click",
        },
        {
            content: "What changed comes first, in red",
            trigger: ".o_change_request_review tbody tr:first-child[data-changed] td.text-danger:contains(13087-000)",
        },
        {
            content: "Corrigir",
            trigger: ".o_form_statusbar button[name=action_open_correct_wizard]",
            run: "click",
        },
        {
            content: "Columns that tell original, requested and corrected apart",
            trigger: ".modal th[data-name=old_display]:contains(Original)",
        },
        {
            trigger: ".modal th[data-name=requested_display]:contains(Solicitado)",
        },
        {
            trigger: ".modal th[data-name=value_char]:contains(Texto corrigido)",
        },
        {
            content: "Edit the requested CEP",
            trigger: ".modal .o_data_row:contains(13087-000) td[name=value_char]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row.o_selected_row td[name=value_char] input",
            run: "edit 13010-100",
        },
        {
            content: "Salvar correções",
            trigger: ".modal button[name=action_correct]",
            run: "click",
        },
        {
            content: "The corrected value is shown, the requested one beside it",
            trigger: "body:not(:has(.modal)) .o_change_request_review tr[data-changed] td.text-danger:contains(13010-100)",
        },
        {
            content: "Confirmar/Aprovar",
            trigger: ".o_form_statusbar button[name=action_confirm_approve]",
            run: "click",
        },
        currentStatus("Aprovada"),
        ...openRequest("João Teste"),
        {
            content: "Aprovar",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        currentStatus("Aprovada"),
        ...openRequest("Carla Reprovada"),
        {
            content: "Reprovar",
            trigger: ".o_form_statusbar button[name=action_open_reject_wizard]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit O CEP informado é de outra cidade.",
        },
        {
            trigger: ".modal button[name=action_reject]",
            run: "click",
        },
        currentStatus("Reprovada"),
        ...openRequest("Davi Descartado"),
        {
            content: "Descartar",
            trigger: ".o_form_statusbar button[name=action_discard]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        currentStatus("Excluída"),
    ],
});
