"""Public verification of awards (`/verify/`), and the documents awards rely on: the signed
credential of an award, providers' DID documents and status lists. No sign-in; rate-limited."""

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from credentials.awards import selectors, verification
from credentials.awards.models import normalise_code
from registry.core.throttling import throttle

JSON_LD = "application/json"


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
