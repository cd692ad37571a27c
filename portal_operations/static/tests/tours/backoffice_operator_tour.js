/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * An operator, in pt_BR, sees only what they may use: a Fale Conosco request found by the
 * customer's CPF typed formatted in the search (its default field), whose chatter offers
 * "Registrar nota" but no "Enviar mensagem" (only administrators write to the customer);
 * the synchronization screen without its buttons (no "Atualizar Lista de Jobs").
 * Started from test_backoffice_tours.py.
 */
registry.category("web_tour.tours").add("portal_operations_backoffice_operator", {
    url: "/odoo/action-portal_operations.portal_contact_request_action",
    steps: () => [
        {
            content: "Type the customer's CPF, formatted, and press Enter",
            trigger: ".o_searchview_input",
            run: "edit 529.982.247-25",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Pedido de outro))) .o_data_row:contains(Pedido do tour)",
        },
        {
            trigger: ".o_data_row:contains(Pedido do tour) td[name=subject]",
            run: "click",
        },
        {
            content: "The operator logs notes, never messages to the customer",
            trigger: ".o-mail-Chatter-topbar:has(.o-mail-Chatter-logNote):not(:has(.o-mail-Chatter-sendMessage))",
        },
        {
            content: "Sincronização das Bases, from the menu",
            trigger: 'button[data-menu-xmlid="portal_operations.menu_portal_operations_operations"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="portal_operations.menu_mega_sync"]',
            run: "click",
        },
        {
            content: "The sync screen shows the state, and no button the operator may not use",
            trigger: ".o_form_view .o_statusbar_status",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name=action_refresh_jobs])):not(:has(button[name=action_start_sync]))",
        },
    ],
});
