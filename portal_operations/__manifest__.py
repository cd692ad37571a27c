# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Operations",
    "summary": "Back office of the customer portal of land-subdivision and real-estate "
    "companies running Mega ERP: registration changes, Fale Conosco, synchronization",
    "version": "19.0.1.0.0",
    "category": "Services/Portal",
    "website": "https://github.com/portal-operations/portal_operations",
    "author": "Portal Operations contributors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["base", "mail", "portal", "web"],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/portal_operations_groups.xml",
        "security/ir.model.access.csv",
        "security/portal_operations_rules.xml",
        "views/realestate_development_views.xml",
        "views/realestate_block_views.xml",
        "views/realestate_lot_views.xml",
        "views/realestate_contract_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/portal_operations_menus.xml",
    ],
    "demo": [
        "demo/realestate_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/realestate_contract_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "portal_operations/static/tests/tours/**/*",
        ],
    },
}
