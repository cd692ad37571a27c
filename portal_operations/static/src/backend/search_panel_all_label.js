/** License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { SearchArchParser } from "@web/search/search_arch_parser";

// The original screens clear a side-panel choice with "Todos"; Odoo's generic category
// entry reads "Tudo" in pt_BR. Side panels with this class use the addon's own wording.
export const ALL_LABEL_CLASS = "o_portal_operations_search_panel";

patch(SearchArchParser.prototype, {
    visitSearchPanel(searchPanelNode) {
        super.visitSearchPanel(...arguments);
        const classes = (this.searchPanelInfo.className || "").split(/\s+/);
        if (!classes.includes(ALL_LABEL_CLASS)) {
            return;
        }
        for (const [, section] of this.sections) {
            if (section.type === "category") {
                section.values.get(false).display_name = _t("All").toString();
            }
        }
    },
});
