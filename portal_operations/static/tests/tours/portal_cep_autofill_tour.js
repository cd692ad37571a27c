/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { registry } from "@web/core/registry";

const FORM = ".o_portal_personal_data_form";

// Typing a CEP fills the address; when the CEP service is down, the customer types it.
registry.category("web_tour.tours").add("portal_operations_cep_autofill", {
    url: "/my/personal-data",
    steps: () => [
        {
            content: "Type a CEP, digits only",
            trigger: `${FORM} input[name=zip]`,
            run: "edit 01310100",
        },
        {
            content: "It is written as a CEP",
            trigger: `${FORM} input[name=zip]:value(01310-100)`,
        },
        {
            content: "Street type, street, district and city are filled",
            trigger: `${FORM} input[name=street_name]:value(Paulista)`,
        },
        {
            trigger: `${FORM} select[name=street_type]:value(Avenida)`,
        },
        {
            trigger: `${FORM} input[name=district]:value(Bela Vista)`,
        },
        {
            trigger: `${FORM} input[name=city]:value(São Paulo)`,
        },
        {
            content: "A CEP the service cannot answer for",
            trigger: `${FORM} input[name=zip]`,
            run: "edit 13087-000",
        },
        {
            trigger: `${FORM}[data-cep-answered="13087000"]`,
        },
        {
            content: "The form says the address could not be looked up",
            trigger: `${FORM} .o_cep_autofill_message[data-cep-status=unavailable]:not(.d-none):contains(please type it below)`,
        },
        {
            content: "Nothing is filled: the fields stay as they were, editable",
            trigger: `${FORM} input[name=street_name]:value(Paulista):not([readonly])`,
            run: "edit Rua X",
        },
        {
            content: "A CEP the service does not know",
            trigger: `${FORM} input[name=zip]`,
            run: "edit 01999-999",
        },
        {
            trigger: `${FORM} .o_cep_autofill_message[data-cep-status=unknown]:contains(We found no address)`,
        },
        {
            content: "What was typed stays",
            trigger: `${FORM} input[name=street_name]:value(Rua X)`,
        },
        {
            content: "The first CEP again: answered from the cache",
            trigger: `${FORM} input[name=zip]`,
            run: "edit 01310-100",
        },
        {
            trigger: `${FORM} input[name=street_name]:value(Paulista)`,
        },
        {
            content: "The second CEP again, and the address typed by hand",
            trigger: `${FORM} input[name=zip]`,
            run: "edit 13087-000",
        },
        {
            trigger: `${FORM}[data-cep-answered="13087000"]`,
        },
        {
            trigger: `${FORM} select[name=street_type]`,
            run: "select Rua",
        },
        {
            trigger: `${FORM} input[name=street_name]`,
            run: "edit Rua Digitada à Mão",
        },
        {
            trigger: `${FORM} input[name=district]`,
            run: "edit Centro",
        },
        {
            trigger: `${FORM} input[name=city]`,
            run: "edit Campinas",
        },
        {
            content: "Send",
            trigger: "button.o_submit_personal_data",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Received",
            trigger: ".alert-success:contains(Your changes were received)",
        },
    ],
});

const ACCOUNT_FORM = "form[name=address_form][data-cep-autofill]";

// The same on Odoo's own account page (/my/account): the address inputs it shows are
// filled: the one-line street, its second line (the district) and the city; with l10n_br
// (a company accounting in Brazil) the street's name and the city select instead.
registry.category("web_tour.tours").add("portal_operations_cep_autofill_account", {
    url: "/my/account",
    steps: () => [
        {
            content: "Type a CEP of Rio de Janeiro",
            trigger: `${ACCOUNT_FORM} input[name=zip]`,
            run: "edit 20040-002",
        },
        {
            content: "The street shown is filled",
            trigger: `${ACCOUNT_FORM} input:enabled[name^=street]:value(Rio Branco)`,
        },
        {
            content: "The district, on the address's second line",
            trigger: `${ACCOUNT_FORM} input:enabled[name=street2]:value(Centro)`,
        },
        {
            content: "The city shown",
            trigger: [
                `${ACCOUNT_FORM} input:enabled[name=city]:value(Rio de Janeiro)`,
                // l10n_br's searchable menu hides its select
                `${ACCOUNT_FORM} .o_select_city:has(select[name=city_id] option:selected:contains(Rio de Janeiro))`,
            ].join(", "),
        },
        {
            content: "And the state",
            trigger: `${ACCOUNT_FORM} select[name=state_id]:has(option:selected:contains(Rio de Janeiro))`,
        },
    ],
});
