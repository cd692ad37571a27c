/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

import { noSidewaysScrollStep } from "./portal_tour_checks";

/** A step that downloads the customer's JSON export and checks whose data it holds. */
function downloadStep(expectedName, absentName) {
    return {
        content: "Download my data (JSON)",
        trigger: "a.o_privacy_export_json",
        async run() {
            const response = await fetch(this.anchor.getAttribute("href"));
            const data = await response.json();
            if (data.customer.name !== expectedName) {
                throw new Error(`the export is of ${data.customer.name}, not ${expectedName}`);
            }
            if (absentName && JSON.stringify(data).includes(absentName)) {
                throw new Error(`the export holds data of ${absentName}`);
            }
        },
    };
}

/**
 * The customer downloads their data from My data (LGPD) and asks for the deletion of
 * what is not needed. Started from test_portal_privacy_tours.py, which checks the results.
 */
registry.category("web_tour.tours").add("portal_operations_privacy_portal", {
    url: "/my",
    steps: () => [
        {
            content: "Open My data (LGPD) from My account",
            trigger: "a[href='/my/privacy']",
            run: "click",
            expectUnloadPage: true,
        },
        noSidewaysScrollStep("My data (LGPD)"),
        downloadStep("Maria Teste", "João Teste"),
        {
            content: "Ask for the deletion of what is not needed",
            trigger: "select[name=request_type]",
            run: "selectByLabel Anonymisation, blocking or deletion",
        },
        {
            content: "Say why",
            trigger: "textarea[name=description]",
            run: "edit Não sou mais cliente: apaguem o que não for necessário.",
        },
        {
            content: "Send the request",
            trigger: ".o_privacy_request_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is registered with its protocol",
            trigger: ".alert-success",
        },
        {
            trigger: ".o_privacy_request_row:contains(Anonymisation, blocking or deletion):contains(LGPD) .badge:contains(Pending)",
        },
    ],
});

/** The customer of another company: their own data, nothing of the first company's. */
registry.category("web_tour.tours").add("portal_operations_privacy_other_company", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "No request of another customer",
            trigger: ".alert-info:contains(You have no LGPD request yet.)",
        },
        downloadStep("Carlos Outra", "Maria Teste"),
    ],
});
