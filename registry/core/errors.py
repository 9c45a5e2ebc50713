"""Errors that services raise and every entry point translates (form error, 404, 409, 4xx)."""


class RegistryError(Exception):
    """A request the registry understood but will not carry out; the message says why."""


class InvalidTransition(RegistryError):
    """The object is not in a state that allows this action (HTTP 409)."""


class NotAllowed(RegistryError):
    """The actor's role does not allow this action (HTTP 403)."""
