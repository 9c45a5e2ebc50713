"""Reading configuration from the environment.

Every reader names the variable in its error, so a malformed value stops start-up with a message a
person can act on instead of a traceback deep inside Django.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None
    if number != number or (minimum is not None and number < minimum):  # NaN, or too small
        raise ImproperlyConfigured(f"{name}={value!r} must be a number of at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


RATE = re.compile(r"^\d+/[smhd][a-z]*$")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as 60/min, 5/hour or 1000/day."""
    value = env_str(name, default) or default
    if not RATE.match(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write requests/period, e.g. 60/min or 5/hour."
        )
    return value


def env_url(name: str, default: str | None, *, schemes: set[str]) -> str | None:
    """A URL whose scheme is one of `schemes`, with a host or a socket path."""
    value = env_str(name, default)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a valid URL: the scheme must be one of {allowed}."
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} has a malformed port.") from None
    if not parts.netloc and not parts.path:
        raise ImproperlyConfigured(f"{name}={value!r} names no host.")
    return value
