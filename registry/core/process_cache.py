"""Values kept in the process for a few seconds: what the busiest answers read on every request
but changes rarely (a micro-credential's facts, a provider's status and scope). No round trip to
Redis or PostgreSQL when kept; each process sees a change within the time given."""

import time
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Value = TypeVar("Value")

MAX_KEPT = 20_000
_kept: dict[Hashable, tuple[float, object]] = {}


def kept_for(
    seconds: float, key: Hashable, load: Callable[[], Value], *, renew: bool = False
) -> Value:
    """`load()`, kept under `key` for `seconds` (0: loaded every time). `renew`: load it now
    and keep the new value (the caller knows the kept one is out of date)."""
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] > now and not renew:
        return kept[1]  # type: ignore[return-value]
    value = load()
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[key] = (now + seconds, value)
    return value


def kept_each(
    seconds: float,
    keys: Iterable[Hashable],
    load_missing: Callable[[list[Hashable]], dict[Hashable, Value]],
) -> dict[Hashable, Value | None]:
    """For each of `keys`, its value kept for `seconds`; those not kept are loaded together by
    `load_missing(keys)` (one round trip for all), and a key it leaves out is kept as None (not
    asked again within `seconds`)."""
    wanted = list(keys)
    now = time.monotonic()
    missing = [key for key in wanted if _kept.get(key, (0.0, None))[0] <= now]
    if missing:
        loaded = load_missing(missing)
        if len(_kept) + len(missing) >= MAX_KEPT:
            _kept.clear()
        for key in missing:
            _kept[key] = (now + seconds, loaded.get(key))
    return {key: _kept[key][1] for key in wanted}  # type: ignore[misc]
