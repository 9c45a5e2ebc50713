"""Static file URLs in production, and in production-like processes started without
`collectstatic`.

`collectstatic` writes a manifest of hashed names (`css/registry.css` -> `css/registry.4f1c….css`)
that pages link to. With STATIC_MANIFEST_STRICT=1 (the default) a file missing from it is an error,
so a deployment that forgot a file fails loudly. With 0 (tests, CI and benchmarks that start
gunicorn with DEBUG=0 from a fresh clone) Django would still try to hash the file from
`staticfiles/`, which does not exist there, and every page would answer 500; this storage links the
plain name instead, which WhiteNoise then serves from the apps' static directories
(WHITENOISE_USE_FINDERS).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            if self.manifest_strict:
                raise
            return name
