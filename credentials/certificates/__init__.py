"""Certificates: one-page PDF/A-3 files rendered by WeasyPrint, carrying the signed credential.

The interface other code uses (the awards wing, /verify/):

- `CertificateContent` (content.py): everything printed on a certificate, as plain values.
- `render_certificate(content) -> bytes` (rendering.py): the PDF, one page, deterministic.
- `extract_credential(pdf_bytes) -> dict` (extraction.py): the attached credential read back,
  bounded; raises `CertificateFileError` with a code saying what is wrong.
- `tasks.render_certificate` (queue `certificates`): renders and stores through Django's storage
  API at a deterministic name, once per object.

Nothing here knows the Award model: a content provider (a dotted path to a callable taking an
object id) turns an object into `CertificateContent`.
"""
