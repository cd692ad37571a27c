# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Synchronization with Mega ERP: how records map (``mapping``), how pages of ERP
records are stored (``importer``) and how approved changes are sent (``exporter``).
The runs themselves (locks, progress, logs) are ``mega.backend`` and ``mega.sync.run``."""
from . import mapping
from . import importer
from . import exporter
