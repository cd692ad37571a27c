# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_partner_personal_data
from . import test_master_data
from . import test_security
from . import test_portal_contracts
from . import test_change_request
from . import test_portal_change_request
from . import test_portal_contact
from . import test_portal_contact_portal
from . import test_portal_contact_security
from . import test_sync
from . import test_translations
from . import test_sync_screen
from . import test_portal_other_users
from . import test_orm_refuses_what_the_portal_refuses
