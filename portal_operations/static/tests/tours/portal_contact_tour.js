/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

import { noSidewaysScrollStep } from "./portal_tour_checks";

/**
 * The customer writes to Fale Conosco from the portal (their only contract is chosen
 * for them), lands on the request and replies in its thread. Started at desktop and
 * phone width from test_portal_contact_portal.py, which checks the results.
 */
registry.category("web_tour.tours").add("portal_contact_tour", {
    url: "/my/contact/new",
    steps: () => [
        noSidewaysScrollStep("new request form"),
        {
            content: "Choose the request type",
            trigger: "select[name=type_id]",
            run: "selectByLabel Teste: segunda via",
        },
        {
            content: "The only contract is already chosen",
            trigger: "select[name=contract_id]:has(option:checked:contains(TCT-A1))",
        },
        {
            content: "Write the subject",
            trigger: "input[name=subject]",
            run: "edit Boleto de abril pelo portal",
        },
        {
            content: "Write the message",
            trigger: "textarea[name=message]",
            run: "edit Olá, preciso da segunda via do boleto de abril.",
        },
        {
            content: "Send the request",
            trigger: "button.o_portal_contact_send",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request is sent and shown",
            trigger: ".o_portal_contact_sent",
        },
        {
            content: "It is pending",
            trigger: ".card-header:contains(Boleto de abril pelo portal) .badge:contains(Pending)",
        },
        noSidewaysScrollStep("request page"),
        {
            content: "Reply in the thread",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Obrigada, aguardo o boleto.",
        },
        {
            content: "Send the reply",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The reply is in the thread",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Obrigada, aguardo o boleto.)",
        },
    ],
});
