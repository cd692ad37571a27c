# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Synchronization with Mega ERP: how records map (``mapping``), how pages of ERP
records are stored (``importer``), how approved changes are sent (``exporter``), and
the run that does both (``synchronizer``: lock, push, paged pull, progress). The
``mega.backend`` model holds the settings and the screen; ``demo`` loads demo data."""
from . import mapping
from . import importer
from . import exporter
from . import synchronizer
from . import demo
