/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Component, onWillDestroy, useEffect } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

// How often the screen asks for news while a synchronization is asked for or running.
export const REFRESH_INTERVAL_MS = 2000;

/**
 * Sincronização das Bases: while a run is asked for or running, the screen reloads its
 * record every few seconds (status, current step, counts, jobs) until the run ends,
 * without a page reload and without touching what the user is editing.
 */
export class MegaSyncLive extends Component {
    static template = "portal_operations.MegaSyncLive";
    static props = standardWidgetProps;

    setup() {
        this.timer = null;
        useEffect(
            (live) => {
                if (live) {
                    this.schedule();
                }
            },
            () => [this.isLive]
        );
        onWillDestroy(() => {
            this.destroyed = true;
            browser.clearTimeout(this.timer);
        });
    }

    get isLive() {
        const { status, requested_by_id: requestedBy } = this.props.record.data;
        return status === "running" || Boolean(requestedBy && requestedBy.id);
    }

    schedule() {
        browser.clearTimeout(this.timer);
        this.timer = browser.setTimeout(() => this.refresh(), REFRESH_INTERVAL_MS);
    }

    async refresh() {
        const record = this.props.record;
        if (this.destroyed) {
            return;
        }
        if (!record.dirty) {
            await record.load();
        }
        if (!this.destroyed && this.isLive) {
            this.schedule();
        }
    }
}

registry.category("view_widgets").add("mega_sync_live", { component: MegaSyncLive });
