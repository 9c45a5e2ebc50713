"""Static files as production serves them, tolerant of processes started without `collectstatic`.

`collectstatic` writes a manifest of hashed names (`css/registry.css` -> `css/registry.4f1c….css`)
that pages link to. With STATIC_MANIFEST_STRICT=1 (the default) a file missing from it is an error,
so a deployment that forgot a file fails loudly. With 0 (tests, CI and benchmarks that start
gunicorn with DEBUG=0 from a fresh clone) the file is linked by its plain name, which WhiteNoise
then serves from the apps' static directories (WHITENOISE_USE_FINDERS, set in the settings).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


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
