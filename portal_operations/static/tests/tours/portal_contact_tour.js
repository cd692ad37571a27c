/* License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

/**
 * The customer writes to Fale Conosco from the portal, lands on the request and replies
 * in its thread. Started from test_portal_contact_portal.py, which checks the results.
 */
registry.category("web_tour.tours").add("portal_contact_tour", {
    url: "/my/contact/new",
    steps: () => [
        {
            content: "Choose the request type",
            trigger: "select[name=type_id]",
            run: "selectByLabel Teste: segunda via",
        },
        {
            content: "Choose the contract",
            trigger: "select[name=contract_id]",
            run: "selectByIndex 1",
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
