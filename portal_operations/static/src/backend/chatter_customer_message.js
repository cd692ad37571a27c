/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Thread } from "@mail/core/common/thread_model";
import { patch } from "@web/core/utils/patch";

/**
 * Whether the user may write to the customer on this thread, as the server says it
 * (portal.operations.customer.thread._thread_to_store): a field of the thread, so that
 * the chatter follows it once the thread's data arrive.
 */
patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** @type {boolean|undefined} undefined: not one of the addon's threads */
        this.portalOperationsCanMessageCustomer = undefined;
    },
});
