"""Errors that services raise and every entry point translates (form error, 4xx).

- Bad input is Django's `ValidationError` (400 with field errors; a form error), keyed by field
  where one field is at fault.
- `InvalidTransition`: the workflow does not allow this move from the object's state (409).
- `EditConflict`: somebody changed the object since it was read (412 on the API).
- `NotAllowed`: the actor's role does not allow this (403).
- "Not yours" is `Http404`, raised by the access gates in the selectors.
"""

from django.core.exceptions import ValidationError


class RegistryError(Exception):
    """A request the registry understood but will not carry out; the message says why."""


class InvalidTransition(RegistryError):
    """The object is not in a state that allows this action (HTTP 409)."""


class EditConflict(InvalidTransition):
    """Somebody else changed the object since it was read (HTTP 412 where the API checks an
    ETag, a form error on a page)."""


class NotAllowed(RegistryError):
    """The actor's role does not allow this action (HTTP 403)."""


# What a page catches from a service to show the person why it did not happen.
REFUSALS = (RegistryError, ValidationError)


def describe(error: Exception) -> str:
    """The text a person reads for `error`: a validation error's messages, or the message."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
