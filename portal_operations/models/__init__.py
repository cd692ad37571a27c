# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import realestate_development
from . import realestate_block
from . import realestate_lot
from . import realestate_contract
from . import realestate_contract_occurrence
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_users
from . import portal_contact_request_type
from . import portal_contact_request
from . import portal_contact_opinion
