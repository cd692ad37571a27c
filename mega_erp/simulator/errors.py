# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the simulated ERP refuses, independent of SOAP (the service maps them to faults)."""


class RecordNotFound(Exception):
    """No record with that code."""


class InvalidData(Exception):
    """Data refused by the ERP's rules; ``field`` is the XML name of the culprit."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message
