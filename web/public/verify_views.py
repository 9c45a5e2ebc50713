"""Public verification of awards (`/verify/`), and the documents awards rely on: the signed
credential of an award, providers' DID documents and status lists. No sign-in; rate-limited."""

from collections import Counter

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from credentials.awards import bulk_verification, selectors, verification
from credentials.awards.models import normalise_code
from registry.core.request_limits import limit_request_body
from registry.core.throttling import throttle

JSON_LD = "application/json"
# The verdicts of a bulk verification's summary, in this order.
OUTCOMES = {
    verification.VALID: _("Valid"),
    verification.EXPIRED: _("Expired"),
    verification.REVOKED: _("Revoked"),
    verification.TAMPERED: _("Not genuine: altered"),
    verification.UNKNOWN: _("Not found in the register"),
    verification.MALFORMED: _("Not a verification code"),
    verification.UNREADABLE: _("No credential in the file"),
}


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, e.g. 7K3Q9-X2MHP-4RT8W-ZC5NA."),
    )


class VerifyFileForm(forms.Form):
    credential = forms.FileField(
        label=_("Credential file (JSON) or certificate (PDF)"),
        help_text=_(
            "The digital credential the learner gave you (a .json file), or their certificate "
            "PDF, which carries it."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.pdf,application/json,application/pdf"}
        ),
    )


@throttle("verify", "VERIFY_RATE", methods=frozenset({"POST"}))
def verify(request):
    """Enter a code (GET form, lands on /verify/<code>) or upload a credential (POST)."""
    code_form = VerifyCodeForm(request.GET or None)
    file_form = VerifyFileForm()
    verdict = None
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            upload = file_form.cleaned_data["credential"]
            try:
                verdict = verification.verify_upload(upload.read(verification.MAX_UPLOAD_BYTES + 1))
            except ValueError as error:
                file_form.add_error("credential", str(error))
    elif code_form.is_valid():
        return redirect("public:verify_code", normalise_code(code_form.cleaned_data["code"]))
    return render(
        request,
        "public/verify.html",
        {"code_form": code_form, "file_form": file_form, "verdict": verdict},
        status=400 if file_form.errors else 200,
    )


@throttle("verify", "VERIFY_RATE")
@require_GET
def verify_code(request, code: str):
    verdict = verification.verify_code(code)
    return render(
        request,
        "public/verify.html",
        {
            "code_form": VerifyCodeForm(initial={"code": code}),
            "file_form": VerifyFileForm(),
            "verdict": verdict,
            "code": code,
        },
    )


def _json(document) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential(request, code: str):
    return _json(selectors.public_credential(code))


@require_GET
def did_document(request, slug: str):
    response = _json(selectors.did_document(slug))
    response["Content-Type"] = "application/did+json"
    return response


@require_GET
def status_list(request, slug: str, number: int):
    response = _json(selectors.status_list_credential(slug, number))
    response["Cache-Control"] = "no-cache"
    return response


# --- Bulk verification ------------------------------------------------------------------------

PROGRESS_REFRESH_SECONDS = 3
RESULTS_PER_PAGE = 500


class BulkVerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Codes (CSV) or credential files (ZIP)"),
        help_text=_(
            "A .csv file with one verification code a row (a header row and other columns, "
            "such as the applicant's name, are welcome and are echoed back), or a .zip of "
            "credential files (.json) and certificates (.pdf)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,.zip,text/csv,application/zip"}
        ),
    )


def _private(response):
    """Results are for whoever holds the address: never cached, indexed or sent as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@limit_request_body(bulk_verification.MAX_REQUEST_BYTES)
@throttle("verify-bulk", "BULK_VERIFY_RATE", methods=frozenset({"POST"}))
def verify_bulk(request):
    """Upload a CSV of codes or a ZIP of credential files; lands on the batch's own page."""
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(bulk_verification.MAX_UPLOAD_BYTES + 1)
        try:
            read = bulk_verification.read_upload(data, upload.name)
        except bulk_verification.BulkFileError as error:
            form.add_error("file", str(error))
        else:
            batch = bulk_verification.record(read, data, upload.name, language=get_language())
            return redirect("public:verify_bulk_batch", batch.public_id)
    return render(
        request,
        "public/verify_bulk.html",
        {
            "form": form,
            "max_codes": bulk_verification.MAX_CODES,
            "max_files": bulk_verification.MAX_FILES,
            "max_mb": bulk_verification.MAX_UPLOAD_BYTES // bulk_verification.MIB,
        },
        status=400 if form.errors else 200,
    )


@throttle("verify", "VERIFY_RATE")
@require_GET
def verify_bulk_batch(request, public_id: str):
    batch = selectors.verification_batch(public_id)
    summary = Counter(row["verdict"] for row in batch.results)
    page = Paginator(batch.results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return _private(
        render(
            request,
            "public/verify_bulk_batch.html",
            {
                "batch": batch,
                "page": page,
                "summary": [
                    (outcome, label, summary[outcome])
                    for outcome, label in OUTCOMES.items()
                    if summary[outcome]
                ],
                "refresh": PROGRESS_REFRESH_SECONDS,
            },
        )
    )


@throttle("verify", "VERIFY_RATE")
@require_GET
def verify_bulk_csv(request, public_id: str):
    batch = selectors.verification_batch(public_id)
    response = HttpResponse(
        bulk_verification.results_csv(batch), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="verification-results.csv"'
    return _private(response)
