"""Where certificates are kept: Django's storage `certificates` (STORAGES in the settings: the
filesystem under MEDIA_ROOT by default, an S3-compatible bucket with CERTIFICATE_STORAGE=s3).

A certificate's name is fixed by its verification code, and rendering is deterministic, so
storing it again writes the same bytes under the same name: never a second file."""

import re

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from credentials.certificates.content import CertificateContent
from credentials.certificates.rendering import render_certificate

STORAGE_ALIAS = "certificates"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def certificate_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def certificate_name(content: CertificateContent) -> str:
    """The stored name of `content`'s certificate: `certificates/<code>.pdf`."""
    code = _UNSAFE.sub("", content.verification_code)
    if not code:
        raise ValueError("A certificate needs a verification code to be stored.")
    return f"certificates/{code}.pdf"


def store_certificate(content: CertificateContent, *, replace: bool = False) -> str:
    """Render and store `content`'s certificate once; its stored name. An existing file is kept
    (rendering it again would give the same bytes) unless `replace` is asked for, say after the
    provider changed its logo; it is then overwritten in place, under the same name."""
    storage = certificate_storage()
    name = certificate_name(content)
    if not replace and storage.exists(name):
        return name
    pdf = render_certificate(content)
    # The configured storages overwrite in place (FileSystemStorage allow_overwrite, S3
    # file_overwrite); one that renames instead gets its copy removed: keep one file.
    stored = storage.save(name, ContentFile(pdf))
    if stored != name:
        storage.delete(stored)
    return name
