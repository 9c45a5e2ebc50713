"""The institution portal: a provider's members draft, submit and maintain micro-credentials.

Views translate requests into calls on `credentials.services` / `registry.accounts.services` and
reads through the selectors. Another provider's pages answer 404 (DESIGN.md §7); a member whose
role does not allow an action gets a 403 page that says why.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from credentials import bulk_import, exports, services
from credentials.forms import MicroCredentialForm
from credentials.models import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    Status,
)
from credentials.selectors import (
    all_versions,
    latest_report,
    micro_credential_for_user,
    provider_latest_versions,
    version_comments,
    working_version,
)
from registry.accounts import services as account_services
from registry.accounts.forms import ApiKeyForm
from registry.accounts.models import Membership
from registry.accounts.selectors import (
    api_keys_for,
    is_member,
    is_provider_admin,
    members_of,
    providers_for_user,
)
from registry.accounts.two_factor import has_two_factor
from registry.audit.selectors import audit_events_for_user, object_history_for_user
from registry.core.errors import REFUSALS, NotAllowed, describe
from registry.core.paging import cursor_page
from registry.core.request_limits import limit_request_body
from registry.providers import services as provider_services
from registry.providers.selectors import provider_for_member
from web.portal.forms import (
    AddMemberForm,
    ImportForm,
    ResubmitForm,
    RoleForm,
    TwoFactorRequirementForm,
    VersionEditForm,
    WithdrawForm,
)

PAGE_SIZE = 50


def forbidden(request, provider, message: str):
    return render(
        request, "portal/forbidden.html", {"provider": provider, "message": message}, status=403
    )


def portal_view(view):
    """Sign-in required; a service's NotAllowed becomes the 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except NotAllowed as error:
            return forbidden(request, provider_for_member(request.user, slug), str(error))

    return wrapper


def admin_view(refusal: str):
    """A portal view for institution admins, called with the provider; its other members get the
    403 page with `refusal`, everybody else 404."""

    def decorator(view):
        @portal_view
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            try:
                provider = provider_for_member(request.user, slug, role=Membership.Role.ADMIN)
            except NotAllowed:
                raise NotAllowed(refusal) from None
            return view(request, provider, *args, **kwargs)

        return wrapper

    return decorator


manages_members = admin_view(_("Only institution admins may manage the members."))
manages_api_keys = admin_view(_("Only institution admins may manage the API keys."))
manages_security = admin_view(_("Only institution admins may change the security settings."))


def _detail(micro_credential):
    return redirect(
        "portal:micro_credential", micro_credential.provider.slug, micro_credential.code
    )


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Home and dashboard ---------------------------------------------------------------------


@login_required
def home(request):
    providers = list(providers_for_user(request.user))
    if len(providers) == 1:
        return redirect("portal:dashboard", providers[0].slug)
    return render(request, "portal/home.html", {"providers": providers})


@portal_view
def dashboard(request, slug):
    provider = provider_for_member(request.user, slug)
    versions = provider_latest_versions(provider)
    return render(
        request,
        "portal/dashboard.html",
        {
            "provider": provider,
            "page": _page(request, versions),
            "is_admin": is_provider_admin(request.user, provider),
        },
    )


# --- One micro-credential -------------------------------------------------------------------


@portal_view
def create(request, slug):
    provider = provider_for_member(request.user, slug)
    form = MicroCredentialForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.create_micro_credential(
                actor=request.user, provider=provider, data=form.content()
            )
        except REFUSALS as error:
            form.add_error(None, describe(error))
        else:
            messages.success(
                request,
                _("Saved “%(title)s” as a draft (%(code)s).")
                % {"title": version.title, "code": version.micro_credential.code},
            )
            return _detail(version.micro_credential)
    return render(request, "portal/create.html", {"provider": provider, "form": form})


@portal_view
def micro_credential(request, slug, code):
    provider = provider_for_member(request.user, slug)
    item = micro_credential_for_user(request.user, code, provider=provider)
    version = working_version(item)
    published = item.published_version
    can_withdraw = published is not None and published.status == Status.PUBLISHED
    context = {
        "provider": provider,
        "micro_credential": item,
        "version": version,
        "published": published,
        "report": latest_report(version),
        "comments": version_comments(version),
        "versions": all_versions(item),
        "history": object_history_for_user(request.user, version)[:10],
        "can_edit": version.status in EDITABLE_STATUSES,
        "can_submit": version.status == Status.DRAFT,
        "can_resubmit": version.status == Status.CHANGES_REQUESTED,
        "can_withdraw": can_withdraw,
        "can_start_new_version": can_withdraw and version.status not in OPEN_STATUSES,
        "resubmit_form": ResubmitForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "portal/micro_credential.html", context)


@portal_view
def edit(request, slug, code):
    provider = provider_for_member(request.user, slug)
    item = micro_credential_for_user(request.user, code, provider=provider)
    version = working_version(item)
    if version.status not in EDITABLE_STATUSES:
        messages.error(
            request,
            _("Version %(n)d is %(status)s and can no longer be edited.")
            % {"n": version.number, "status": version.get_status_display().lower()},
        )
        return _detail(item)
    heading = {"number": version.number, "status": version.get_status_display()}
    if request.method == "POST":
        form = VersionEditForm(request.POST, instance=version, provider=provider)
        if form.is_valid():
            try:
                services.update_draft(
                    actor=request.user,
                    version=version,
                    data=form.content(),
                    expected_revision=form.cleaned_data["revision"],
                )
            except REFUSALS as error:
                form.add_error(None, describe(error))
            else:
                messages.success(request, _("Your changes are saved."))
                return _detail(item)
    else:
        form = VersionEditForm(
            instance=version, provider=provider, initial={"revision": version.revision}
        )
    return render(
        request,
        "portal/edit.html",
        {"provider": provider, "micro_credential": item, "form": form, "heading": heading},
    )


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@portal_view
def submit(request, slug, code):
    provider = provider_for_member(request.user, slug)
    item = micro_credential_for_user(request.user, code, provider=provider)
    if refused := _post_only(request):
        return refused
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The response is too long (at most 5,000 characters)."))
        return _detail(item)
    try:
        services.submit(
            actor=request.user,
            version=working_version(item),
            response=form.cleaned_data["response"],
        )
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, _("Submitted for review. The automatic checks are running."))
    return _detail(item)


@portal_view
def withdraw(request, slug, code):
    provider = provider_for_member(request.user, slug)
    item = micro_credential_for_user(request.user, code, provider=provider)
    if refused := _post_only(request):
        return refused
    form = WithdrawForm(request.POST)
    if item.published_version is None:
        messages.error(request, _("Only a published micro-credential can be withdrawn."))
    elif not form.is_valid():
        messages.error(request, _("Give a reason for withdrawing (at most 2,000 characters)."))
    else:
        try:
            services.withdraw(
                actor=request.user,
                version=item.published_version,
                reason=form.cleaned_data["reason"],
            )
        except REFUSALS as error:
            messages.error(request, describe(error))
        else:
            messages.success(request, _("Withdrawn from the register."))
    return _detail(item)


@portal_view
def new_version(request, slug, code):
    provider = provider_for_member(request.user, slug)
    item = micro_credential_for_user(request.user, code, provider=provider)
    if refused := _post_only(request):
        return refused
    try:
        version = services.start_new_version(actor=request.user, micro_credential=item)
    except REFUSALS as error:
        messages.error(request, describe(error))
        return _detail(item)
    messages.success(
        request,
        _(
            "Started version %(n)d as a draft. The published version stays public until the "
            "new one is approved."
        )
        % {"n": version.number},
    )
    return redirect("portal:edit", provider.slug, item.code)


# --- Bulk import and exports ----------------------------------------------------------------


@limit_request_body(bulk_import.MAX_REQUEST_BYTES)
@portal_view
def bulk_import_view(request, slug):
    provider = provider_for_member(request.user, slug)
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = bulk_import.parse_file(upload.read(), upload.name)
            except bulk_import.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                submit_all = form.cleaned_data["submit_for_review"]
                try:
                    result = bulk_import.import_micro_credentials(
                        actor=request.user, provider=provider, rows=rows, submit=submit_all
                    )
                except REFUSALS as error:
                    form.add_error(None, describe(error))
                if result is not None and result.ok:
                    count = len(result.created)
                    if submit_all:
                        text = ngettext(
                            "Imported and submitted %(n)d micro-credential.",
                            "Imported and submitted %(n)d micro-credentials.",
                            count,
                        )
                    else:
                        text = ngettext(
                            "Imported %(n)d micro-credential as a draft.",
                            "Imported %(n)d micro-credentials as drafts.",
                            count,
                        )
                    messages.success(request, text % {"n": count})
                    return redirect("portal:dashboard", provider.slug)
    else:
        form = ImportForm()
    return render(
        request,
        "portal/import.html",
        {
            "provider": provider,
            "form": form,
            "result": result,
            "columns": exports.IMPORT_COLUMNS,
            "required_columns": bulk_import.REQUIRED_COLUMNS,
            "max_rows": bulk_import.MAX_ROWS,
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@portal_view
def import_template(request, slug, fmt):
    provider_for_member(request.user, slug)
    rows = [bulk_import.EXAMPLE_ROW]
    if fmt == "csv":
        content = exports.csv_bytes(exports.IMPORT_COLUMNS, rows)
        return _download(
            content, "text/csv; charset=utf-8", "micro-credentials-import-template.csv"
        )
    if fmt == "xlsx":
        content = exports.xlsx_bytes(exports.IMPORT_COLUMNS, rows, title="micro-credentials")
        return _download(
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "micro-credentials-import-template.xlsx",
        )
    raise Http404


@portal_view
def export(request, slug):
    provider = provider_for_member(request.user, slug)
    versions = provider_latest_versions(provider, order_by=("micro_credential__code",))
    return _download(
        exports.export_provider_csv(versions),
        "text/csv; charset=utf-8",
        f"{provider.slug}-micro-credentials.csv",
    )


# --- Members and audit ----------------------------------------------------------------------


@manages_members
def members(request, provider):
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.add_provider_member(
                actor=request.user,
                provider=provider,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
            )
        except REFUSALS as error:
            form.add_error("email", describe(error))
        else:
            # The same answer whether the address has an account, is new, or is a regulator's.
            messages.success(
                request,
                _("We have sent an invitation to %(email)s to join as %(role)s.")
                % {
                    "email": form.cleaned_data["email"],
                    "role": Membership.Role(form.cleaned_data["role"]).label,
                },
            )
            return redirect("portal:members", provider.slug)
    rows = [
        (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members_of(provider)
    ]
    return render(
        request, "portal/members.html", {"provider": provider, "form": form, "rows": rows}
    )


@manages_members
def member_role(request, provider, pk):
    membership = get_object_or_404(members_of(provider), pk=pk)
    if refused := _post_only(request):
        return refused
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            account_services.change_member_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except REFUSALS as error:
            messages.error(request, describe(error))
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.")
                % {
                    "email": membership.user.email,
                    "role": Membership.Role(form.cleaned_data["role"]).label,
                },
            )
    return redirect("portal:members", provider.slug)


@manages_members
def member_remove(request, provider, pk):
    membership = get_object_or_404(members_of(provider), pk=pk)
    if refused := _post_only(request):
        return refused
    try:
        account_services.remove_member(actor=request.user, membership=membership)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(
            request,
            _("%(email)s is no longer a member of %(provider)s.")
            % {"email": membership.user.email, "provider": provider.display_name},
        )
    if not is_member(request.user, provider):
        return redirect(reverse("portal:home"))
    return redirect("portal:members", provider.slug)


@portal_view
def audit(request, slug):
    provider = provider_for_member(request.user, slug)
    events = audit_events_for_user(request.user, provider=provider)
    page = cursor_page(request, events, ordering=("-created_at", "-pk"))
    return render(request, "portal/audit.html", {"provider": provider, "page": page})


# --- API keys (institution admins) -----------------------------------------------------------


@manages_api_keys
def api_keys(request, provider):
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            key, plaintext = account_services.create_api_key(
                actor=request.user,
                provider=provider,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except REFUSALS as error:
            form.add_error(None, describe(error))
        else:
            # The only time the key is ever shown: render it here, never redirect to it.
            response = render(
                request,
                "portal/api_key_created.html",
                {"provider": provider, "key": key, "plaintext": plaintext, "is_admin": True},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "portal/api_keys.html",
        {"provider": provider, "form": form, "keys": api_keys_for(provider), "is_admin": True},
    )


@manages_api_keys
def api_key_revoke(request, provider, pk):
    key = get_object_or_404(api_keys_for(provider), pk=pk)
    if refused := _post_only(request):
        return refused
    try:
        account_services.revoke_api_key(actor=request.user, key=key)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(
            request, _("The API key %(key)s is revoked; it no longer works.") % {"key": key}
        )
    return redirect("portal:api_keys", provider.slug)


# --- Security (institution admins) ----------------------------------------------------------


@manages_security
def security(request, provider):
    form = TwoFactorRequirementForm(
        request.POST or None, initial={"require_two_factor": provider.require_two_factor}
    )
    if request.method == "POST" and form.is_valid():
        try:
            provider_services.set_two_factor_requirement(
                actor=request.user,
                provider=provider,
                required=form.cleaned_data["require_two_factor"],
            )
        except REFUSALS as error:
            form.add_error(None, describe(error))
        else:
            messages.success(request, _("The security settings are saved."))
            return redirect("portal:security", provider.slug)
    return render(
        request,
        "portal/security.html",
        {
            "provider": provider,
            "form": form,
            "enrolled": has_two_factor(request.user),
            "is_admin": True,
        },
    )
