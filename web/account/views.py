"""A signed-in person's own account: the second step of signing in (a code from an authenticator
app, or a recovery code), setting it up, and its recovery codes.

`registry.accounts.two_factor.SecondFactorMiddleware` sends people here until the step is done;
these pages are open to a half-signed-in person, so each one checks that a person who already has
an authenticator has passed the step before they may change anything."""

from base64 import b32encode
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.accounts import services
from registry.accounts.two_factor import has_two_factor, is_verified, two_factor_required
from registry.core.errors import REFUSALS, describe
from web.account.forms import CodeForm, SetupForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def second_step_done(view):
    """Signed in, and through the second step if the person has one."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if has_two_factor(request.user) and not is_verified(request.user):
            return redirect(_with_next("account:verify", request))
        return view(request, *args, **kwargs)

    return wrapper


def _codes_page(request, codes: list[str]):
    """The only time recovery codes are shown: rendered here, never redirected to."""
    response = render(
        request, "account/recovery_codes.html", {"codes": codes, "next": _next(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def verify(request):
    user = request.user
    if is_verified(user):
        return redirect(_next(request))
    if not has_two_factor(user):
        return redirect(_with_next("account:setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(actor=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _(
                "That code is not right. Enter the code your app shows now, or one of your "
                "recovery codes; after several wrong codes, wait a little before trying again."
            ),
        )
    return render(request, "account/verify.html", {"form": form, "next": _next(request)})


@second_step_done
def setup(request):
    user = request.user
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(
            pk=form.cleaned_data["device"], user=user, confirmed=False
        ).first()
        if device is None:
            return redirect(_with_next("account:setup", request))
        try:
            codes = services.confirm_two_factor(
                actor=user, device=device, code=form.cleaned_data["code"]
            )
        except REFUSALS as error:
            form.add_error("code", describe(error))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return _codes_page(request, codes)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = services.start_two_factor_setup(actor=user)
    if not form.is_bound:
        form = SetupForm(initial={"device": device.pk})
    context = {
        "form": form,
        "device": device,
        "qr_code": segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code")),
        "secret": b32encode(device.bin_key).decode(),
        "replacing": has_two_factor(user),
        "required": two_factor_required(user),
        "next": _next(request),
    }
    return render(request, "account/setup.html", context)


@second_step_done
def security(request):
    user = request.user
    enrolled = has_two_factor(user)
    context = {
        "enrolled": enrolled,
        "required": two_factor_required(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count() if enrolled else 0,
    }
    return render(request, "account/security.html", context)


@require_POST
@second_step_done
def recovery_codes(request):
    try:
        codes = services.regenerate_recovery_codes(actor=request.user)
    except REFUSALS as error:
        messages.error(request, describe(error))
        return redirect("account:security")
    return _codes_page(request, codes)


@require_POST
@second_step_done
def turn_off(request):
    try:
        services.disable_two_factor(actor=request.user)
    except REFUSALS as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account:security")
