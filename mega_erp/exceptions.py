# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Errors raised by the Mega client.

Callers decide what to do from the class alone: a ``MegaRetryableError`` may succeed if
the same call is made again later (the client retries those when asked to); a
``MegaPermanentError`` will fail again the same way, so it must be reported, not
retried.

=========================  ==========  ==============================================
exception                  kind        raised when
=========================  ==========  ==============================================
MegaAuthenticationError    permanent   credentials refused (AuthenticationFault)
MegaValidationError        permanent   data refused (ValidationFault; ``field``)
MegaNotFoundError          permanent   the record does not exist (NotFoundFault)
MegaProtocolError          permanent   malformed or hostile XML, unexpected fault
MegaUnreadableError        permanent   a character XML cannot carry (``records``)
MegaBusyError              retryable   the ERP is busy (RetryableFault)
MegaTimeoutError           retryable   no answer within the timeout
MegaConnectionError        retryable   the server cannot be reached
MegaServerError            retryable   HTTP 5xx without a SOAP fault
=========================  ==========  ==============================================
"""


class MegaError(Exception):
    """Base of every error of the Mega client."""

    retryable = False

    def __init__(self, message="", operation=None):
        super().__init__(message)
        self.message = message
        self.operation = operation

    def __str__(self):
        prefix = f"{self.operation}: " if self.operation else ""
        return prefix + self.message


class MegaRetryableError(MegaError):
    """The same call may succeed later."""

    retryable = True


class MegaPermanentError(MegaError):
    """The same call will fail again; do not retry."""


class MegaAuthenticationError(MegaPermanentError):
    """The ERP refused the credentials."""


class MegaValidationError(MegaPermanentError):
    """The ERP refused the data; ``field`` names the offending field (XML name).

    Refused by the client before sending (the value breaks ``mega.xsd``): ``rule`` is
    the schema's rule (``required``, ``maxLength``, ``pattern``, ``enumeration``...)
    and ``limit`` its value, for the caller to word in its reader's language;
    ``sent`` is False then.
    """

    def __init__(self, message="", field=None, operation=None, rule=None, limit=None, sent=True):
        super().__init__(message, operation=operation)
        self.field = field
        self.rule = rule
        self.limit = limit
        self.sent = sent

    def __str__(self):
        return f"{super().__str__()} (field: {self.field})" if self.field else super().__str__()


class MegaNotFoundError(MegaPermanentError):
    """The requested record does not exist in the ERP."""


class MegaProtocolError(MegaPermanentError):
    """The answer was malformed, hostile (DTD, entities) or not what the contract says."""


class MegaUnreadableError(MegaProtocolError):
    """The answer holds a character XML 1.0 cannot carry (a control character, raw or
    as a character reference): no parser reads it. ``records``: ``(code, changed_at)``
    of the records it holds, as far as a lenient reading finds them; ``total_pages``:
    the page count it gives, or None."""

    def __init__(self, message="", records=(), total_pages=None, operation=None):
        super().__init__(message, operation=operation)
        self.records = list(records)
        self.total_pages = total_pages


class MegaBusyError(MegaRetryableError):
    """The ERP asked us to come back later."""


class MegaTimeoutError(MegaRetryableError):
    """No answer within the client's timeout."""


class MegaConnectionError(MegaRetryableError):
    """The server could not be reached (refused, reset, DNS)."""


class MegaServerError(MegaRetryableError):
    """HTTP 5xx without a SOAP fault: the server or a proxy in front of it failed."""

    def __init__(self, message="", status_code=None, operation=None):
        super().__init__(message, operation=operation)
        self.status_code = status_code
