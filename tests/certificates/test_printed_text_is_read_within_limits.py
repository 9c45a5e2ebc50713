"""The text printed on an uploaded PDF's first page (where verification reads the code back) is
read within limits: a page whose content inflates to tens of megabytes is not read at all."""

import zlib
from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from credentials.certificates.extraction import first_page_text
from credentials.certificates.rendering import render_certificate
from tests.certificates.certificate_files import make_content


def page_with_content(content: bytes) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = StreamObject()
    stream.set_data(zlib.compress(content, 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_certificates_printed_text_is_read():
    text = first_page_text(
        render_certificate(make_content(verification_code="7K3Q9-X2MHP-4RT8W-ZC5NA"))
    )

    assert "Verification code 7K3Q9-X2MHP-4RT8W-ZC5NA" in text


def test_a_page_whose_content_inflates_to_megabytes_is_not_read():
    bomb = page_with_content(b"0 0 m 1 1 l S\n" * 4_000_000)  # 56 MB inflated
    assert len(bomb) < 1024 * 1024

    assert first_page_text(bomb) is None


def test_what_is_not_a_pdf_has_no_text():
    assert first_page_text(b"{}") is None
    assert first_page_text(b"%PDF-1.7 garbage") is None
