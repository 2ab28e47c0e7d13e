"""What case work refuses, as values the API and the console turn into 404, 409, 403, 422.

A refusal says itself in English for the API (`str(exc)`) and carries a `code` (with `params`)
that the console translates: rewording the sentence never un-translates it.
"""

from typing import Any


class Refusal(Exception):
    """Something case work will not do; `code` names it, `params` fill the console's words."""

    def __init__(self, message: str, code: str = "refused", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class NotFound(Refusal, LookupError):
    """No such case or conversation — or none this user may see (the same answer on purpose)."""

    def __init__(self, message: str, code: str = "not_found", **params: Any) -> None:
        super().__init__(message, code, **params)


class Conflict(Refusal):
    """The change collides with the current state (held by someone else, wrong status)."""


class Forbidden(Refusal):
    """The user's role may not do this."""


class Invalid(Refusal, ValueError):
    """The request is malformed; the message says how."""
