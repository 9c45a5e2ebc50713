"""The institution portal's awards: issue one, issue many from a file (with a progress page that
refreshes itself, no JavaScript needed), list, see one, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from credentials.awards import bulk, certificates, selectors, services
from credentials.awards.forms import COLUMNS, REQUIRED_COLUMNS, AwardForm
from credentials.exports import csv_bytes, xlsx_bytes
from registry.accounts.models import Membership
from registry.accounts.selectors import has_role, is_provider_admin
from registry.core.errors import REFUSALS, InvalidTransition, describe
from registry.core.request_limits import limit_request_body
from registry.providers.selectors import provider_for_member
from web.portal.forms import BulkIssueForm, RevokeAwardForm
from web.portal.views import _download, _post_only, portal_view

PAGE_SIZE = 50
PROGRESS_REFRESH_SECONDS = 2


def _award_page(award):
    return redirect("portal:award", award.provider.slug, award.verification_code)


@portal_view
def awards(request, slug):
    provider = provider_for_member(request.user, slug)
    query = request.GET.get("q", "").strip()[:128].replace("\x00", "")
    page = Paginator(selectors.provider_awards(provider, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/awards.html",
        {
            "provider": provider,
            "page": page,
            "query": query,
            "batches": selectors.provider_batches(provider)[:5],
            "is_admin": is_provider_admin(request.user, provider),
        },
    )


@portal_view
def issue(request, slug):
    provider = provider_for_member(request.user, slug)
    form = AwardForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            award, created = services.issue_award(
                actor=request.user, provider=provider, data=form.award_input()
            )
        except REFUSALS as error:
            form.add_error(None, describe(error))
        else:
            if created:
                messages.success(
                    request,
                    _("Issued and signed. Verification code: %(code)s.")
                    % {"code": award.verification_code},
                )
            else:
                messages.info(
                    request,
                    _(
                        "An award with the external id %(id)s was already issued; nothing new "
                        "was issued."
                    )
                    % {"id": award.external_id},
                )
            return _award_page(award)
    return render(request, "portal/award_issue.html", {"provider": provider, "form": form})


@portal_view
def award(request, slug, code):
    item = selectors.award_for_member(request.user, slug, code)
    return render(
        request,
        "portal/award.html",
        {
            "provider": item.provider,
            "award": item,
            "can_revoke": not item.is_revoked
            and has_role(request.user, item.provider, Membership.Role.ADMIN),
            "revoke_form": RevokeAwardForm(),
            "learner_link": selectors.current_learner_link(item),
        },
    )


@portal_view
def certificate(request, slug, code):
    """The award's certificate PDF, for the provider's members (404 for everybody else, and
    while it is being prepared)."""
    item = selectors.award_for_member(request.user, slug, code)
    stored = certificates.open_certificate(item)
    if stored is None:
        raise Http404
    return FileResponse(
        stored,
        as_attachment=True,
        filename=f"certificate-{item.verification_code}.pdf",
        content_type="application/pdf",
    )


@portal_view
def resend_learner_link(request, slug, code):
    item = selectors.award_for_member(request.user, slug, code)
    if refused := _post_only(request):
        return refused
    link = services.resend_learner_link(actor=request.user, award=item)
    messages.success(
        request,
        _(
            "A new link to the learner's page was e-mailed to %(email)s; it works until "
            "%(date)s. The learner's earlier links no longer work."
        )
        % {"email": item.learner_email, "date": date_format(link.expires_at, "j F Y")},
    )
    return _award_page(item)


@portal_view
def revoke(request, slug, code):
    item = selectors.award_for_member(request.user, slug, code)
    if refused := _post_only(request):
        return refused
    form = RevokeAwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for revoking (at most 2,000 characters)."))
        return _award_page(item)
    try:
        services.revoke_award(actor=request.user, award=item, reason=form.cleaned_data["reason"])
    except (InvalidTransition, ValidationError) as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, _("Revoked. Anyone who verifies the award now sees why."))
    return _award_page(item)


@limit_request_body(bulk.MAX_REQUEST_BYTES)
@portal_view
def bulk_issue(request, slug):
    provider = provider_for_member(request.user, slug)
    result = None
    form = BulkIssueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.require_issuing_provider(provider)
            rows = bulk.parse_file(upload.read(), upload.name)
        except REFUSALS as error:
            form.add_error(None, describe(error))
        except bulk.IssuanceFileError as error:
            form.add_error("file", str(error))
        else:
            result = bulk.validate_rows(provider=provider, rows=rows)
            if result.ok:
                try:
                    batch = services.create_batch(
                        actor=request.user,
                        provider=provider,
                        file_name=upload.name,
                        rows=result.valid,
                    )
                except REFUSALS as error:
                    form.add_error(None, describe(error))
                else:
                    messages.success(
                        request,
                        ngettext(
                            "All %(n)d row is valid; issuing has started.",
                            "All %(n)d rows are valid; issuing has started.",
                            batch.total,
                        )
                        % {"n": batch.total},
                    )
                    return redirect("portal:award_batch", provider.slug, batch.pk)
    return render(
        request,
        "portal/award_bulk.html",
        {
            "provider": provider,
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "required_columns": REQUIRED_COLUMNS,
        },
    )


@portal_view
def bulk_template(request, slug, fmt):
    provider_for_member(request.user, slug)
    if fmt == "csv":
        return _download(
            csv_bytes(COLUMNS, [bulk.EXAMPLE_ROW]),
            "text/csv; charset=utf-8",
            "awards-template.csv",
        )
    if fmt != "xlsx":
        raise Http404
    return _download(
        xlsx_bytes(COLUMNS, [bulk.EXAMPLE_ROW], title="awards"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "awards-template.xlsx",
    )


@portal_view
def batch(request, slug, pk):
    item = selectors.batch_for_member(request.user, slug, pk)
    return render(
        request,
        "portal/award_batch.html",
        {"provider": item.provider, "batch": item, "refresh": PROGRESS_REFRESH_SECONDS},
    )
