"""The regulator's pages: the review queue and decisions, suspensions, the provider register and
the audit trail. Only regulators see them; everybody else gets 404, anonymous visitors the login.

Views translate input and call `credentials.services` / `registry.providers.services`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from credentials import selectors, services
from credentials.diffs import version_diff
from credentials.models import AWAITING_REVIEW, CheckReport, Status
from registry.accounts import services as account_services
from registry.accounts.forms import ApiKeyForm
from registry.accounts.selectors import members_of, regulator_api_keys, require_regulator
from registry.audit.selectors import (
    audit_actions,
    audit_events_for_user,
    object_history_for_user,
)
from registry.core.errors import REFUSALS, describe
from registry.core.paging import CursorPage, cursor_page
from registry.providers import selectors as provider_selectors
from registry.providers import services as provider_services
from registry.providers.forms import (
    ApprovalForm,
    ProviderDetailsForm,
    ProviderStatusFilterForm,
    ScopeForm,
    StatusChangeForm,
)
from registry.providers.forms import ReasonForm as ProviderReasonForm
from registry.providers.models import Provider
from web.regulator.forms import AuditFilterForm, DecisionForm, QueueFilterForm, ReasonForm


def regulator_required(view):
    """Anonymous visitors sign in; signed-in people who are not regulators get 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_regulator(request.user)
        return view(request, *args, **kwargs)

    return wrapper


# --- Review queue ---------------------------------------------------------------------------


@regulator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    arguments = form.queue_arguments() if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        page, waiting = CursorPage(items=[], next_url=None, previous_url=None), 0
    else:
        queue = selectors.review_queue(**arguments)
        page = cursor_page(request, queue, ordering=("submitted_at", "pk"))
        waiting = queue.count()
    now = timezone.now()
    for version in page.items:
        version.age_days = (now - version.submitted_at).days if version.submitted_at else None
        version.report = version.reports[0] if version.reports else None
    return render(request, "regulator/queue.html", {"form": form, "page": page, "waiting": waiting})


# --- One version ----------------------------------------------------------------------------


def _version_page(request, version, *, status=200, **forms):
    micro_credential = version.micro_credential
    previous = selectors.previous_published(version)
    report = selectors.latest_report(version)
    context = {
        "version": version,
        "micro_credential": micro_credential,
        "provider": micro_credential.provider,
        "report": report,
        "report_pending": report is not None and report.state == CheckReport.State.PENDING,
        "previous": previous,
        "changes": version_diff(previous, version) if previous else [],
        "comments": selectors.review_conversation(micro_credential),
        "history": object_history_for_user(request.user, version),
        "published": micro_credential.published_version,
        "can_start_review": version.status == Status.SUBMITTED,
        "can_decide": version.status in AWAITING_REVIEW,
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "suspend_form": forms.get("suspend_form") or ReasonForm(prefix="suspend"),
        "reinstate_form": forms.get("reinstate_form") or ReasonForm(prefix="reinstate"),
    }
    return render(request, "regulator/version.html", context, status=status)


@regulator_required
def version_detail(request, pk: int):
    return _version_page(request, selectors.version_for_regulator(request.user, pk))


@regulator_required
@require_POST
def start(request, pk: int):
    version = selectors.version_for_regulator(request.user, pk)
    try:
        services.start_review(actor=request.user, version=version)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, _("You are reviewing this version."))
    return redirect("regulator:version", pk=version.pk)


@regulator_required
@require_POST
def retry_checks(request, pk: int, report: int):
    version = selectors.version_for_regulator(request.user, pk)
    failed = get_object_or_404(selectors.check_reports(version), pk=report)
    try:
        services.retry_checks(actor=request.user, report=failed)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, _("The checks are queued again."))
    return redirect("regulator:version", pk=version.pk)


DECISIONS = {
    DecisionForm.APPROVE: (services.approve, _("Approved and published.")),
    DecisionForm.REQUEST_CHANGES: (
        services.request_changes,
        _("Changes requested; the provider has been told."),
    ),
    DecisionForm.REJECT: (services.reject, _("Rejected; the provider has been told.")),
}


@regulator_required
@require_POST
def decide(request, pk: int):
    version = selectors.version_for_regulator(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, status=400, decision_form=form)
    service, done = DECISIONS[form.cleaned_data["decision"]]
    try:
        service(actor=request.user, version=version, comment=form.cleaned_data["comment"])
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, done)
    return redirect("regulator:version", pk=version.pk)


def _published_action(request, code: str, *, prefix: str, service, done: str):
    micro_credential = selectors.micro_credential_for_user(request.user, code)
    version = micro_credential.published_version
    if version is None:
        raise Http404
    form = ReasonForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _version_page(request, version, status=400, **{f"{prefix}_form": form})
    try:
        service(actor=request.user, version=version, reason=form.cleaned_data["reason"])
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, done)
    return redirect("regulator:version", pk=version.pk)


@regulator_required
@require_POST
def suspend(request, code: str):
    return _published_action(
        request,
        code,
        prefix="suspend",
        service=services.suspend,
        done=_("Suspended: the public record now says so."),
    )


@regulator_required
@require_POST
def reinstate(request, code: str):
    return _published_action(
        request,
        code,
        prefix="reinstate",
        service=services.reinstate,
        done=_("Reinstated: the record is public again."),
    )


# --- Providers ------------------------------------------------------------------------------


@regulator_required
def providers(request):
    form = ProviderStatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else None
    return render(
        request,
        "regulator/providers.html",
        {
            "form": form,
            "applications": provider_selectors.pending_applications(),
            "providers": provider_selectors.providers_for_regulator(status=status or None),
        },
    )


@regulator_required
def provider_new(request):
    details = ProviderDetailsForm(request.POST or None)
    scope = ScopeForm(request.POST or None, prefix="scope")
    if request.method == "POST" and details.is_valid() and scope.is_valid():
        try:
            provider = provider_services.register_provider(
                actor=request.user, data=details.cleaned_data, **scope.scope_arguments()
            )
        except provider_services.DuplicateProvider as error:
            details.add_error(None, error)
        except REFUSALS as error:
            scope.add_error(None, describe(error))
        else:
            messages.success(request, _("%(p)s is registered.") % {"p": provider.display_name})
            return redirect("regulator:provider", slug=provider.slug)
    return render(
        request,
        "regulator/provider_new.html",
        {"form": details, "scope_form": scope},
        status=400 if request.method == "POST" else 200,
    )


def _provider_page(request, provider, *, status=200, **forms):
    context = {
        "provider": provider,
        "scope_form": forms.get("scope_form") or ScopeForm.for_provider(provider, prefix="scope"),
        "approve_form": forms.get("approve_form") or ApprovalForm(prefix="approve"),
        "decline_form": forms.get("decline_form") or ProviderReasonForm(prefix="decline"),
        "suspend_form": forms.get("suspend_form")
        or StatusChangeForm(prefix="suspend", initial={"effective_date": timezone.localdate()}),
        "deregister_form": forms.get("deregister_form")
        or StatusChangeForm(prefix="deregister", initial={"effective_date": timezone.localdate()}),
        "reinstate_form": forms.get("reinstate_form") or ProviderReasonForm(prefix="reinstate"),
        "members": members_of(provider),
        "history": object_history_for_user(request.user, provider),
        "can_edit_scope": provider.status
        not in {Provider.Status.DECLINED, Provider.Status.DEREGISTERED},
    }
    return render(request, "regulator/provider.html", context, status=status)


@regulator_required
def provider_detail(request, slug: str):
    return _provider_page(request, provider_selectors.provider_for_regulator(request.user, slug))


def _provider_action(request, slug, *, form_class, prefix, call, done):
    """Bind the action's form, call the service, and come back to the provider's page."""
    provider = provider_selectors.provider_for_regulator(request.user, slug)
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _provider_page(request, provider, status=400, **{f"{prefix}_form": form})
    try:
        call(provider, form.cleaned_data, form)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, done)
    return redirect("regulator:provider", slug=provider.slug)


@regulator_required
@require_POST
def provider_approve(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=ApprovalForm,
        prefix="approve",
        call=lambda provider, data, form: provider_services.approve_application(
            actor=request.user, provider=provider, comment=data["comment"]
        ),
        done=_("Application approved; the applicant has been sent a link to choose a password."),
    )


@regulator_required
@require_POST
def provider_decline(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=ProviderReasonForm,
        prefix="decline",
        call=lambda provider, data, form: provider_services.decline_application(
            actor=request.user, provider=provider, reason=data["reason"]
        ),
        done=_("Application declined; the applicant has been told."),
    )


@regulator_required
@require_POST
def provider_scope(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=ScopeForm,
        prefix="scope",
        call=lambda provider, data, form: provider_services.set_scope(
            actor=request.user, provider=provider, **form.scope_arguments()
        ),
        done=_("Scope saved."),
    )


@regulator_required
@require_POST
def provider_suspend(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=StatusChangeForm,
        prefix="suspend",
        call=lambda provider, data, form: provider_services.suspend_provider(
            actor=request.user,
            provider=provider,
            reason=data["reason"],
            effective_date=data["effective_date"],
        ),
        done=_("Provider suspended."),
    )


@regulator_required
@require_POST
def provider_deregister(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=StatusChangeForm,
        prefix="deregister",
        call=lambda provider, data, form: provider_services.deregister_provider(
            actor=request.user,
            provider=provider,
            reason=data["reason"],
            effective_date=data["effective_date"],
        ),
        done=_("Provider deregistered."),
    )


@regulator_required
@require_POST
def provider_reinstate(request, slug: str):
    return _provider_action(
        request,
        slug,
        form_class=ProviderReasonForm,
        prefix="reinstate",
        call=lambda provider, data, form: provider_services.reinstate_provider(
            actor=request.user, provider=provider, reason=data["reason"]
        ),
        done=_("Provider reinstated."),
    )


# --- Audit trail ----------------------------------------------------------------------------


@regulator_required
def audit(request):
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for_user(
        request.user, action=filters.get("action"), provider=filters.get("provider")
    )
    page = cursor_page(request, events, ordering=("-created_at", "-pk"))
    return render(request, "regulator/audit.html", {"form": form, "page": page})


# --- The regulator's own API keys -----------------------------------------------------------


@regulator_required
def api_keys(request):
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key, plaintext = account_services.create_api_key(
                actor=request.user,
                provider=None,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except REFUSALS as error:
            form.add_error(None, describe(error))
        else:
            # The only time the key is ever shown: render it here, never redirect to it.
            response = render(
                request, "regulator/api_key_created.html", {"key": key, "plaintext": plaintext}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "regulator/api_keys.html",
        {"form": form, "keys": regulator_api_keys(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@regulator_required
@require_POST
def api_key_revoke(request, pk: int):
    key = get_object_or_404(regulator_api_keys(request.user), pk=pk)
    try:
        account_services.revoke_api_key(actor=request.user, key=key)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(
            request, _("The API key %(key)s is revoked; it no longer works.") % {"key": key}
        )
    return redirect("regulator:api_keys")
