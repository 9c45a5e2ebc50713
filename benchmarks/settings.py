"""The registry's settings plus the benchmark's baseline view (`benchmarks.urls`).

Used only by the benchmarks; the production URLconf never serves `/bench/`.
"""

from registry.settings import *  # noqa: F403
from registry.settings import CACHES

ROOT_URLCONF = "benchmarks.urls"
# Its own keys in a shared Redis: the load would otherwise fill the rate-limit bucket that a
# development server on 127.0.0.1 uses too.
CACHES["default"]["KEY_PREFIX"] = "registry-bench"
