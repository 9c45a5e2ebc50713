"""Reading the signed credential back out of a certificate PDF, for /verify/ and the API.

Uploaded PDFs are hostile until shown otherwise, so this is bounded at every step: the file's
size, the number of objects it declares, the depth of the attachment name tree, the size of the
credential once inflated (read through a bounded zlib stream, never inflated whole), and the only
stream filter accepted is Flate. Every refusal is a `CertificateFileError` (a ValidationError) with
a code and a sentence a person can act on.
"""

import json
import zlib
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader, apply_configuration, get_configuration
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from credentials.certificates.rendering import ATTACHMENT_NAME

MAX_PDF_BYTES = 5 * 1024 * 1024
MAX_OBJECTS = 5000
MAX_CREDENTIAL_BYTES = 256 * 1024
MAX_NAME_TREE_DEPTH = 8
MAX_NAME_TREE_ENTRIES = 64


# Reading a page's text decodes its content streams and fonts: pypdf's own limits, much lower
# than its defaults (75 MB per stream), so that a hostile page costs little to read.
TEXT_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": 2 * 1024 * 1024,
    "lzw_maximum_output_length": 2 * 1024 * 1024,
    "brotli_maximum_output_length": 2 * 1024 * 1024,
    "run_length_maximum_output_length": 2 * 1024 * 1024,
    "jbig2_maximum_output_length": 2 * 1024 * 1024,
    "array_based_stream_maximum_output_length": 2 * 1024 * 1024,
    "image_maximum_buffer_size": 2 * 1024 * 1024,
    "stream_decoding_work_maximum_length": 8 * 1024 * 1024,
    "stream_parsing_work_maximum_count": 200_000,
    "xform_maximum_invocations_per_extraction": 50,
    "array_maximum_element_count": 20_000,
    "dictionary_maximum_element_count": 5_000,
}
MAX_TEXT_CHARS = 20_000
MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024  # a certificate's page holds a few kilobytes
MAX_PAGE_STREAMS = 64


class CertificateFileError(ValidationError):
    """An uploaded certificate that cannot give a credential. `code` is one of: too_large,
    not_pdf, unreadable, too_complex, no_credential, credential_too_large, malformed_credential."""


def extract_credential(pdf_bytes: bytes) -> dict[str, Any]:
    """The credential JSON attached to a certificate PDF as `credential.json` (the only JSON
    attachment is accepted under another name). Raises `CertificateFileError` otherwise."""
    if len(pdf_bytes) > MAX_PDF_BYTES:
        raise CertificateFileError(
            _("The file is larger than %(size)d MB; a certificate is much smaller.")
            % {"size": MAX_PDF_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise CertificateFileError(_("The file is not a PDF."), code="not_pdf")
    try:
        reader = PdfReader(BytesIO(pdf_bytes), strict=False)
        size = int(reader.trailer.get("/Size", 0))
        if size > MAX_OBJECTS:
            raise CertificateFileError(
                _("The PDF has too many objects to be a certificate."), code="too_complex"
            )
        stream = _credential_stream(reader)
        raw = _inflate(stream)
    except CertificateFileError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise CertificateFileError(
            _("The PDF could not be read (%(reason)s).") % {"reason": type(error).__name__},
            code="unreadable",
        ) from error
    except RecursionError as error:
        raise CertificateFileError(
            _("The PDF is nested too deeply to be a certificate."), code="too_complex"
        ) from error
    try:
        credential = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CertificateFileError(
            _("The credential attached to the PDF is not valid JSON."),
            code="malformed_credential",
        ) from error
    if not isinstance(credential, dict):
        raise CertificateFileError(
            _("The credential attached to the PDF is not a JSON object."),
            code="malformed_credential",
        )
    return credential


def first_page_text(pdf_bytes: bytes) -> str | None:
    """The text printed on the first page of a PDF (at most `MAX_TEXT_CHARS`), read within the
    same limits as the credential and pypdf's lowered ones (`TEXT_LIMITS`); None when it cannot
    be read so (the caller says the printed text could not be checked)."""
    if len(pdf_bytes) > MAX_PDF_BYTES or b"%PDF-" not in pdf_bytes[:1024]:
        return None
    try:
        with apply_configuration(get_configuration().with_overwrites(**TEXT_LIMITS)):
            reader = PdfReader(BytesIO(pdf_bytes), strict=False)
            if int(reader.trailer.get("/Size", 0)) > MAX_OBJECTS or not reader.pages:
                return None
            page = reader.pages[0]
            if _page_content_size(page) > MAX_PAGE_CONTENT_BYTES:
                return None
            text = page.extract_text()
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    except (RecursionError, MemoryError):
        return None
    return text[:MAX_TEXT_CHARS] if isinstance(text, str) else None


def _page_content_size(page: DictionaryObject) -> int:
    """The inflated size of the page's content streams and of the form XObjects its resources
    name, counted through a bounded decompressor (a number over the limit once it is passed)."""
    streams: list[Any] = []
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams += list(contents) if isinstance(contents, ArrayObject) else [contents]
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    xobjects = xobjects.get_object() if xobjects is not None else None
    if isinstance(xobjects, DictionaryObject):
        streams += list(xobjects.values())
    if len(streams) > MAX_PAGE_STREAMS:
        return MAX_PAGE_CONTENT_BYTES + 1
    total = 0
    for item in streams:
        stream = item.get_object() if item is not None else None
        if not isinstance(stream, StreamObject) or stream.get("/Subtype") == "/Image":
            continue
        filters = stream.get("/Filter")
        if isinstance(filters, ArrayObject) and len(filters) == 1:
            filters = filters[0]
        left = MAX_PAGE_CONTENT_BYTES - total
        if filters is None:
            total += len(stream._data)
        elif filters == "/FlateDecode":
            try:
                total += len(zlib.decompressobj().decompress(bytes(stream._data), left + 1))
            except zlib.error:
                return MAX_PAGE_CONTENT_BYTES + 1
        else:
            return MAX_PAGE_CONTENT_BYTES + 1  # not how certificates are written
        if total > MAX_PAGE_CONTENT_BYTES:
            break
    return total


def _no_credential() -> CertificateFileError:
    return CertificateFileError(
        _("The PDF carries no credential (no %(name)s attached): it cannot be verified on its own.")
        % {"name": ATTACHMENT_NAME},
        code="no_credential",
    )


def _credential_stream(reader: PdfReader) -> StreamObject:
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names") if isinstance(root, DictionaryObject) else None
    names = names.get_object() if names is not None else None
    tree = names.get("/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
    tree = tree.get_object() if tree is not None else None
    if not isinstance(tree, DictionaryObject):
        raise _no_credential()
    entries = _name_tree_entries(tree, depth=0, found=[])
    chosen = None
    for name, filespec in entries:
        if name == ATTACHMENT_NAME or _file_name(filespec) == ATTACHMENT_NAME:
            chosen = filespec
            break
    if chosen is None:
        json_specs = [spec for name, spec in entries if name.lower().endswith(".json")]
        if len(json_specs) != 1:
            raise _no_credential()
        chosen = json_specs[0]
    embedded = chosen.get("/EF")
    stream = embedded.get_object().get("/F") if embedded is not None else None
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, StreamObject):
        raise _no_credential()
    return stream


def _name_tree_entries(
    node: DictionaryObject, *, depth: int, found: list[tuple[str, DictionaryObject]]
) -> list[tuple[str, DictionaryObject]]:
    if depth > MAX_NAME_TREE_DEPTH:
        raise CertificateFileError(
            _("The PDF's attachments are nested too deeply."), code="too_complex"
        )
    pairs = node.get("/Names")
    if isinstance(pairs, ArrayObject):
        for index in range(0, len(pairs) - 1, 2):
            spec = pairs[index + 1].get_object()
            if isinstance(spec, DictionaryObject):
                found.append((str(pairs[index]), spec))
    kids = node.get("/Kids")
    if isinstance(kids, ArrayObject):
        for kid in kids:
            _name_tree_entries(kid.get_object(), depth=depth + 1, found=found)
    if len(found) > MAX_NAME_TREE_ENTRIES:
        raise CertificateFileError(
            _("The PDF has too many attachments to be a certificate."), code="too_complex"
        )
    return found


def _file_name(filespec: DictionaryObject) -> str:
    return str(filespec.get("/UF") or filespec.get("/F") or "")


def _inflate(stream: StreamObject) -> bytes:
    """The stream's data, inflated through a bounded decompressor: a zip bomb stops at the
    limit instead of filling memory."""
    raw = stream._data  # the stored (still compressed) bytes
    filters = stream.get("/Filter")
    if isinstance(filters, ArrayObject):
        filters = filters[0] if len(filters) == 1 else filters
    if filters is None:
        data = bytes(raw)
    elif filters == "/FlateDecode":
        if stream.get("/DecodeParms") is not None:
            raise CertificateFileError(
                _("The credential attached to the PDF is stored in a way certificates never are."),
                code="malformed_credential",
            )
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(bytes(raw), MAX_CREDENTIAL_BYTES + 1)
        except zlib.error as error:
            raise CertificateFileError(
                _("The credential attached to the PDF is damaged."), code="malformed_credential"
            ) from error
    else:
        raise CertificateFileError(
            _("The credential attached to the PDF is stored in a way certificates never are."),
            code="malformed_credential",
        )
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise CertificateFileError(
            _("The credential attached to the PDF is larger than %(size)d KB.")
            % {"size": MAX_CREDENTIAL_BYTES // 1024},
            code="credential_too_large",
        )
    return data
