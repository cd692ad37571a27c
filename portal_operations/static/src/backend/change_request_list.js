/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { Domain } from "@web/core/domain";
import { registry } from "@web/core/registry";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

export const DATE_RANGE_FACET_KEY = "portal_operations_date_range_facet";

/**
 * Aprovação de Dados Cadastrais: "Alterações cadastrais entre" asks for the period in its
 * dialog (portal.change.request.date.range, which computes the bounds in the user's time
 * zone) and adds it to this list's search as a facet: removable, the other filters kept.
 */
export class ChangeRequestListController extends ListController {
    async beforeExecuteActionButton(clickParams) {
        if (String(clickParams.context || "").includes(DATE_RANGE_FACET_KEY)) {
            await this.actionService.doAction(parseInt(clickParams.name) || clickParams.name, {
                additionalContext: { [DATE_RANGE_FACET_KEY]: true },
                onClose: (infos) => this.addDateRangeFacet(infos && infos[DATE_RANGE_FACET_KEY]),
            });
            return false;
        }
        return super.beforeExecuteActionButton(...arguments);
    }

    addDateRangeFacet(facet) {
        if (!facet) {
            return; // cancelled
        }
        this.env.searchModel.createNewFilters([
            { description: facet.description, domain: new Domain(facet.domain).toString() },
        ]);
    }
}

registry.category("views").add("portal_change_request_list", {
    ...listView,
    Controller: ChangeRequestListController,
});
