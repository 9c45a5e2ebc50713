"""The learner's private pages, opened from the link e-mailed to them when an award is issued
(no sign-in): their awards of one provider, each with its certificate PDF and signed credential
to download, its verification page, a link that adds it to a LinkedIn profile, and the switch
for its public page.

The token in the address is the only key, so these pages are never stored by a browser or a
shared cache, send no referrer (the token would leak to the sites they link to), are kept out
of search engines and rate-limited per client address. An unknown link answers 404 and an
expired or replaced one 410, each with a page telling the learner how to get a new one."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from credentials.awards import links, selectors, services
from credentials.certificates.storage import certificate_storage
from registry.core.private_pages import PRIVATE
from registry.core.throttling import throttle


def learner_page(view):
    """Open the link of `token` for `view` (called with the request, the link, the token and
    the rest); set the headers of a private page on every answer, refusals included."""

    @throttle("learner", "LEARNER_PAGE_RATE")
    def opened(request, token, *args, **kwargs):
        try:
            link = selectors.learner_link(token)
        except selectors.LearnerLinkExpired as expired:
            return render(
                request,
                "learner/link_expired.html",
                {
                    "provider": expired.link.provider,
                    "replaced": expired.link.replaced_at is not None,
                },
                status=410,
            )
        except Http404:
            return render(request, "learner/link_unknown.html", status=404)
        try:
            return view(request, link, token, *args, **kwargs)
        except Http404:
            return render(
                request,
                "learner/award_unknown.html",
                {"provider": link.provider, "token": token},
                status=404,
            )

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        response = opened(request, token, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        response.headers.pop("Expires", None)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _awards_page(token: str, code: str = ""):
    url = reverse("learner:awards", args=[token])
    return redirect(f"{url}#award-{code}" if code else url)


def _row(award) -> dict:
    """What the page shows of one award, beside the award itself."""
    cert_url = (
        links.award_page_url(award.verification_code)
        if award.public_page_visible
        else links.verify_url(award.verification_code)
    )
    return {
        "award": award,
        "verify_url": links.verify_url(award.verification_code),
        "public_url": links.award_page_url(award.verification_code),
        "linkedin_url": links.linkedin_add_url(
            name=award.version.title,
            organization=award.provider.display_name,
            issued_on=award.issued_on,
            expires_on=award.valid_until.date() if award.valid_until else None,
            cert_url=cert_url,
            cert_id=award.verification_code,
        ),
    }


@learner_page
@require_GET
def awards(request, link, token):
    return render(
        request,
        "learner/awards.html",
        {
            "link": link,
            "token": token,
            "provider": link.provider,
            "rows": [_row(award) for award in selectors.learner_awards(link)],
        },
    )


@learner_page
@require_GET
def certificate(request, link, token, code):
    award = selectors.learner_award(link, code)
    storage = certificate_storage()
    if not award.certificate_name or not storage.exists(award.certificate_name):
        return render(
            request,
            "learner/certificate_pending.html",
            {"provider": link.provider, "token": token, "award": award},
            status=404,
        )
    return FileResponse(
        storage.open(award.certificate_name, "rb"),
        as_attachment=True,
        filename=f"certificate-{award.verification_code}.pdf",
        content_type="application/pdf",
    )


@learner_page
@require_GET
def credential(request, link, token, code):
    award = selectors.learner_award(link, code)
    response = JsonResponse(
        selectors.public_credential(award.verification_code),
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{award.verification_code}.json"'
    return response


class PublicPageForm(forms.Form):
    visible = forms.TypedChoiceField(
        choices=[("1", "visible"), ("0", "hidden")], coerce=lambda value: value == "1"
    )


@learner_page
@require_POST
def public_page(request, link, token, code):
    award = selectors.learner_award(link, code)
    form = PublicPageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the public page is visible or hidden."))
        return _awards_page(token, award.verification_code)
    visible = form.cleaned_data["visible"]
    services.set_public_page_visible(link=link, award=award, visible=visible)
    if visible:
        messages.success(
            request,
            _("The public page of “%(title)s” is now visible at %(url)s.")
            % {
                "title": award.version.title,
                "url": links.award_page_url(award.verification_code),
            },
        )
    else:
        messages.success(
            request,
            _("The public page of “%(title)s” is now hidden. Its verification code still verifies.")
            % {"title": award.version.title},
        )
    return _awards_page(token, award.verification_code)
