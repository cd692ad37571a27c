/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

import { noSidewaysScrollStep, visibleInWidthStep } from "./portal_tour_checks";

/**
 * The customer changes their mobile and CEP on the Dados Pessoais page, is refused once
 * (the banner names the field and the page opens on it), then follows the request.
 * Started at desktop and phone width from test_portal_change_request.py.
 */
registry.category("web_tour.tours").add("portal_operations_personal_data", {
    url: "/my",
    steps: () => [
        {
            content: "Open the personal data page from the portal home",
            trigger: 'a[href="/my/personal-data"]',
            run: "click",
            expectUnloadPage: true,
        },
        noSidewaysScrollStep("personal data form"),
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
            content: "The banner names the refused field and links to it",
            trigger: ".o_personal_data_errors a[href='#personal_data_zip']:contains(CEP)",
        },
        {
            content: "The page opens on the first refused field",
            trigger: "input[name=zip].is-invalid:focus",
        },
        {
            content: "The rest is kept",
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
            content: "Open the pending request",
            trigger: ".o_pending_change_request a[href^='/my/change-requests/']",
            run: "click",
            expectUnloadPage: true,
        },
        visibleInWidthStep(
            "The requested CEP is on screen",
            ".o_change_request_line:contains(13087-000) .o_change_request_requested",
        ),
        noSidewaysScrollStep("change request page"),
    ],
});
