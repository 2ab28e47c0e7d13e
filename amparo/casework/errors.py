"""What case work refuses, as values the API and the console turn into 404, 409, 403, 422."""


class NotFound(LookupError):
    """No such case or conversation — or none this user may see (the same answer on purpose)."""


class Conflict(Exception):
    """The change collides with the current state (held by someone else, wrong status)."""


class Forbidden(Exception):
    """The user's role may not do this."""


class Invalid(ValueError):
    """The request is malformed; the message says how."""
