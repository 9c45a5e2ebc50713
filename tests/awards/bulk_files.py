"""Files an employer uploads for bulk verification, and how they read the answer."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def csv_file(rows, name="codes.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_file(members: dict[str, bytes], name="credentials.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, zip_bytes(members), content_type="application/zip")


def upload(client, file):
    """POST the file on /verify/bulk/ and follow to the results page."""
    return client.post("/verify/bulk/", {"file": file}, follow=True)


def downloaded_rows(client, page) -> list[dict[str, str]]:
    """The results CSV of a results page (the address, or the response `upload` followed to
    it), as dicts."""
    url = page if isinstance(page, str) else page.redirect_chain[-1][0]
    response = client.get(url + "results.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
