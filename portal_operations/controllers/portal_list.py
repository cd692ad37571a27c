# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The paged, sortable list every "My ..." portal page shows (contracts, registration
changes, Fale Conosco requests)."""

from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager


def prepare_list_values(controller, model, domain, url, page_name, records_key, *,
                        page=1, sortby=None, sortings=None, default_order=None):
    """Values of a portal list page: one page of ``model`` records matching ``domain``,
    under ``records_key``, sorted by ``sortings[sortby]`` (``{key: {label, order}}``),
    with the pager and the layout values. The page's ids go to the session for the
    record pager of the detail pages (``my_<records_key>_history``)."""
    Model = request.env[model]
    sortings = sortings or {}
    sortby = sortby if sortby in sortings else next(iter(sortings), None)
    order = sortings[sortby]["order"] if sortby else default_order
    pager = portal_pager(
        url=url, url_args={"sortby": sortby} if sortby else None,
        total=Model.search_count(domain), page=page, step=controller._items_per_page,
    )
    records = Model.search(domain, order=order, limit=controller._items_per_page, offset=pager["offset"])
    request.session[f"my_{records_key}_history"] = records.ids[:100]
    values = controller._prepare_portal_layout_values()
    values.update({
        records_key: records,
        "page_name": page_name,
        "pager": pager,
        "default_url": url,
        "searchbar_sortings": sortings,
        "sortby": sortby,
    })
    return values
