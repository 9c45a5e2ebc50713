"""Public pages, no sign-in: the record of a published micro-credential, a provider's page, and
the form organisations use to apply for registration."""

from django.shortcuts import redirect, render

from credentials import selectors
from registry.providers import selectors as provider_selectors
from registry.providers.forms import ProviderApplicationForm
from registry.providers.services import DuplicateProvider, apply_for_registration


def micro_credential(request, code: str):
    record = selectors.public_micro_credential(code)
    return render(
        request,
        "public/micro_credential.html",
        {
            "micro_credential": record,
            "version": record.published_version,
            "provider": record.provider,
            "history": selectors.published_versions(record),
        },
    )


def provider(request, slug: str):
    organisation = provider_selectors.public_provider(slug)
    return render(
        request,
        "public/provider.html",
        {
            "provider": organisation,
            "micro_credentials": provider_selectors.public_micro_credentials(organisation),
        },
    )


def apply(request):
    form = ProviderApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apply_for_registration(data=form.cleaned_data)
        except DuplicateProvider as error:
            form.add_error("registration_number", str(error))
        else:
            return redirect("public:apply_received")
    return render(
        request,
        "public/apply.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def apply_received(request):
    return render(request, "public/apply_received.html")
