# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import portal_change_request_correct
from . import portal_change_request_date_range
from . import portal_change_request_reject
from . import portal_contact_opinion_wizard
from . import portal_privacy_answer_wizard
