# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import portal
from . import portal_change_request
from . import portal_contact
from . import portal_cep
from . import portal_privacy
