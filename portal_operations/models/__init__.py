# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import realestate_development
from . import realestate_block
from . import realestate_lot
from . import realestate_contract
from . import realestate_contract_occurrence
from . import mega_sync_log
from . import mega_sync_run
from . import mega_backend
from . import portal_change_field_rule
from . import portal_change_request
from . import portal_change_request_line
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_users
