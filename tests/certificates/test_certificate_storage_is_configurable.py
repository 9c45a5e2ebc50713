"""Certificates go to the filesystem by default and to an S3-compatible bucket by configuration."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.core.files.storage import storages; s = storages['certificates']; "
    "print('|'.join(str(getattr(s, name, '')) for name in "
    "('bucket_name', 'endpoint_url', 'file_overwrite', '_allow_overwrite')), type(s).__name__)"
)


def storage_with(**env: str) -> str:
    environment = {**os.environ, **env}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_the_filesystem_by_default_overwriting_in_place():
    assert storage_with(CERTIFICATE_STORAGE="filesystem") == "|||True FileSystemStorage"


def test_an_s3_compatible_bucket_by_configuration():
    shown = storage_with(
        CERTIFICATE_STORAGE="s3",
        CERTIFICATE_S3_BUCKET="certificates",
        CERTIFICATE_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )

    assert shown == "certificates|http://127.0.0.1:9000|True| S3Storage"
