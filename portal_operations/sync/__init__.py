# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Synchronization with Mega ERP: how records map (``mapping``), what the history of
approved changes decides (``change_history``: what to send, what the pull keeps, the
bookkeeping of the ERP's answers), how pages of ERP records are stored (``importer``),
how approved changes are sent (``exporter``), and the run that does both
(``synchronizer``: lock, push, paged pull, progress), with its own errors and their
wording (``errors``) and one client per connection (``client_cache``). The
``mega.backend`` model holds the settings and the screen; ``demo`` loads demo data."""
from . import mapping
from . import change_history
from . import errors
from . import importer
from . import exporter
from . import synchronizer
from . import demo
