"""Keep what a process loads at start-up out of the garbage collector's rescans.

Everything loaded before a process serves (Django, the apps, URL patterns, translations, the
shipped JSON-LD contexts) lives as long as the process. CPython's full collections walk every
tracked object each time, so a worker issuing or verifying thousands of credentials, which
allocates enough to trigger them often, would walk that heap again and again. Frozen objects are
skipped (and never collected, hence the collection first: no garbage is frozen).
"""

import gc


def freeze_start_up_heap() -> None:
    """Call once per process, after set-up and before serving (or forking workers that serve)."""
    gc.collect()
    gc.freeze()
