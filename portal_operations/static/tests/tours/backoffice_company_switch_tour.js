/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * An administrator of two loteadoras reads one company's Fale Conosco at a time and
 * switches to the other with Odoo's company switcher. Started from
 * test_multi_company.py, which names the requests and the second company.
 */
registry.category("web_tour.tours").add("portal_operations_backoffice_company_switch", {
    steps: () => [
        {
            content: "The first company's request, not the other's",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Pedido da Outra))) .o_data_row:contains(Pedido da Primeira)",
        },
        {
            content: "Open the company switcher",
            trigger: ".o_switch_company_menu button",
            run: "click",
        },
        {
            content: "Switch to the second company",
            trigger: ".o_switch_company_item:contains(Loteadora Outra) [role=button]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Now the other company's request only",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Pedido da Primeira))) .o_data_row:contains(Pedido da Outra)",
        },
        {
            content: "The switcher names the company worked in",
            trigger: ".o_switch_company_menu button:contains(Loteadora Outra)",
        },
    ],
});
