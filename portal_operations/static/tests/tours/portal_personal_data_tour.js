/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

// The customer changes their mobile and CEP on the Dados Pessoais page.
registry.category("web_tour.tours").add("portal_operations_personal_data", {
    url: "/my",
    steps: () => [
        {
            content: "Open the personal data page from the portal home",
            trigger: 'a[href="/my/personal-data"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A wrong CEP first",
            trigger: "input[name=zip]",
            run: "edit 130",
        },
        {
            trigger: "input[name=mobile]",
            run: "edit (19) 99876-5432",
        },
        {
            content: "Send",
            trigger: "button.o_submit_personal_data",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The CEP is refused next to the field, the rest kept",
            trigger: "input[name=zip].is-invalid",
        },
        {
            trigger: "input[name=mobile][value*='99876-5432']",
        },
        {
            trigger: "input[name=zip]",
            run: "edit 13087-000",
        },
        {
            trigger: "button.o_submit_personal_data",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Received, and shown as pending",
            trigger: ".alert-success:contains(Your changes were received)",
        },
        {
            trigger: ".o_pending_change_request",
        },
    ],
});
