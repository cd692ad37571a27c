/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

// Fields the address of a CEP fills, by their input names on the personal-data form.
const ADDRESS_FIELDS = ["street_type", "street", "district", "city", "state_id"];

/**
 * Typing a CEP on the Dados Pessoais form fills street type, street, district, city
 * and state from the CEP service (through the server's cache); on Odoo's account page
 * (/my/account, a loteadora customer's) the street, city and state it has. When the
 * service does not answer, nothing happens: the customer types the address, as before.
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
        this.el.classList.add("o_cep_autofill_busy");
        let address = {};
        try {
            address = await this.waitFor(rpc("/my/personal-data/cep", { cep }, { silent: true }));
        } catch {
            address = {}; // unreachable: the address is typed by hand
        } finally {
            this.el.classList.remove("o_cep_autofill_busy");
            this.el.dataset.cepAnswered = cep;
        }
        if (address && address.zip) {
            this.fill(address);
        }
    }

    fill(address) {
        for (const name of ADDRESS_FIELDS) {
            const input = this.el.querySelector(`[name=${name}]`);
            const value = address[name];
            if (!input || input.readOnly || input.disabled || !value) {
                continue;
            }
            if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === String(value))) {
                continue;
            }
            input.value = String(value);
            input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        this.el.classList.add("o_cep_autofilled");
    }
}

registry.category("public.interactions").add("portal_operations.cep_autofill", CepAutofill);
