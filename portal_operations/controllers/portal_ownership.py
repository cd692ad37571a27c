# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError, MissingError
from odoo.http import request


def customer_record_sudo(controller, model, record_id):
    """The record of ``model`` (sudo) on which the logged-in user acts as its customer
    (withdraw, rate...). A share token only ever opens a document for reading: it never
    stands in for the login, so no ``access_token`` is taken here.

    :raise NotFound: the record is not the logged-in user's own
    """
    try:
        record_sudo = controller._document_check_access(model, record_id)
    except (AccessError, MissingError) as error:
        raise NotFound() from error
    customer = request.env.user.partner_id.commercial_partner_id
    if request.env.user._is_public() or record_sudo.partner_id.commercial_partner_id != customer:
        raise NotFound()
    return record_sudo
