"""Static files as production serves them, tolerant of processes started without `collectstatic`."""

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]


class RegistryStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; with STATIC_MANIFEST_STRICT off, a file that was never
    collected is linked by its plain name instead of failing the page.

    Django's manifest storage, when not strict, hashes an uncollected file by opening it under
    STATIC_ROOT, which raises when nothing was collected (a fresh clone, the test servers).
    """

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if self.manifest_strict:
                raise
            return name
