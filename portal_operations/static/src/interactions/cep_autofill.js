/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

// Odoo's split of a street into name, number and complement (odoo.tools.street_split).
const STREET_PARTS = /^(.*?)(\s[0-9][0-9\S]*)?(?: - (.+))?$/s;

/**
 * ``street`` with its name replaced by ``name``: the number and complement typed in
 * Odoo's one-line street input are kept ("Otto Correia 1773 - Apto 12").
 */
function withStreetName(street, name) {
    const [, , number = "", complement] = STREET_PARTS.exec(street || "");
    return `${name}${number}${complement ? ` - ${complement}` : ""}`;
}

/**
 * The address of a CEP (``street_name``, ``district``, ``city``, ``city_id``…, as the
 * server gives it) by the names of the inputs that may show it. The Dados Pessoais form
 * has one input per part; Odoo's account form has ``street`` (name and number in one)
 * and ``street2`` (the district's line), or, with l10n_br, the parts and a city select.
 */
function valuesByInputName(address, form) {
    const street = form.querySelector("input[name=street]");
    return {
        street_type: address.street_type,
        street_name: address.street_name,
        street: street && address.street_name && withStreetName(street.value, address.street_name),
        district: address.district,
        street2: address.district,
        city: address.city,
        city_id: address.city_id,
        state_id: address.state_id,
    };
}

/**
 * Typing a CEP on the Dados Pessoais form, or on Odoo's account page (/my/account, a
 * loteadora customer's), fills the address inputs the form shows (street type, street,
 * district, city, state) from the CEP service, through the server's cache. Hidden inputs
 * (disabled, as l10n_br leaves those it replaces) and locked ones are left alone. When
 * the service knows no such CEP or cannot be asked, a message under the CEP says so and
 * the customer types the address (what they typed stays). The CEP is formatted.
 */
export class CepAutofill extends Interaction {
    static selector = ".o_portal_personal_data_form, form[name=address_form][data-cep-autofill]";
    dynamicContent = {
        "input[name=zip]": {
            "t-on-input": this.debounced(this.onCepInput, 300),
            "t-on-change": this.onCepInput,
        },
    };

    setup() {
        this.lastCep = null;
    }

    async onCepInput(ev) {
        const cep = ev.target.value.replace(/\D/g, "");
        if (cep.length !== 8 || cep === this.lastCep) {
            return;
        }
        this.lastCep = cep;
        formatCepInput(ev.target, cep);
        this.el.classList.add("o_cep_autofill_busy");
        let address = {};
        try {
            address = await this.waitFor(rpc("/my/personal-data/cep", { cep }, { silent: true }));
        } catch {
            address = { cep_status: "unavailable" }; // the address is typed by hand
        } finally {
            this.el.classList.remove("o_cep_autofill_busy");
            this.el.dataset.cepAnswered = cep;
        }
        if (address && address.zip) {
            this.fill(address);
        }
        showCepMessage(ev.target, (address && address.cep_status) || "unavailable");
    }

    fill(address) {
        for (const [name, value] of Object.entries(valuesByInputName(address, this.el))) {
            const input = this.el.querySelector(`[name=${name}]`);
            if (!input || input.readOnly || input.disabled || !value) {
                continue;
            }
            if (input.tagName === "SELECT") {
                this.choose(input, String(value));
            } else {
                input.value = String(value);
                input.dispatchEvent(new Event("change", { bubbles: true }));
            }
        }
        this.el.classList.add("o_cep_autofilled");
    }

    choose(select, value) {
        if (![...select.options].some((option) => option.value === value)) {
            return;
        }
        select.value = value;
        // l10n_br's searchable city menu follows its select through a "select" event
        select.dispatchEvent(new CustomEvent("select", { detail: { value } }));
        select.dispatchEvent(new Event("change", { bubbles: true }));
    }
}

/**
 * The CEP as it is written, 13010-100, once its 8 digits are typed; the digits are the
 * customer's, only the dash is added (the caret stays at the end, where they typed).
 */
export function formatCepInput(input, digits) {
    const formatted = `${digits.slice(0, 5)}-${digits.slice(5)}`;
    if (input.value !== formatted && !input.readOnly) {
        input.value = formatted;
    }
}

/**
 * What the lookup found, in words under the CEP: nothing when the address was filled;
 * otherwise that the address is to be typed, and why. What was typed stays.
 */
export function showCepMessage(input, status) {
    let message = input.parentElement.querySelector(":scope > .o_cep_autofill_message");
    if (!message) {
        message = document.createElement("div");
        message.className = "o_cep_autofill_message form-text";
        message.setAttribute("role", "status");
        message.setAttribute("aria-live", "polite");
        message.id = `${input.id || input.name}_autofill_message`;
        input.insertAdjacentElement("afterend", message);
    }
    const texts = {
        unknown: _t("We found no address for this CEP: please type it below."),
        unavailable: _t("The address of this CEP could not be looked up now: please type it below."),
    };
    message.textContent = texts[status] || "";
    message.dataset.cepStatus = status;
    message.classList.toggle("d-none", !texts[status]);
}

registry.category("public.interactions").add("portal_operations.cep_autofill", CepAutofill);
