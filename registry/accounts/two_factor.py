"""Two-factor sign-in (DESIGN.md §7): who must use a second factor, and the sign-in step that
asks for it.

After the password, a person with a confirmed authenticator (TOTP) is asked for a code (or one of
their recovery codes) before anything else; regulators, staff of the admin site, and institution
admins of a provider that requires it are sent to set one up first. API keys are not affected:
they are the machine credential. `SecondFactorMiddleware` enforces it on every request; it comes
after django-otp's `OTPMiddleware`, which says whether the session was verified."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.accounts.models import AnyUser, Membership, User

# Pages a half-signed-in person may still reach: the second step itself, signing out, switching
# language, the probes.
OPEN_NAMESPACES = {"account"}
OPEN_URL_NAMES = {"login", "logout", "set_language", "healthz", "readyz"}


def two_factor_required(user: AnyUser | None) -> bool:
    """Regulators and anyone who may use the admin site; institution admins of a provider that
    requires it."""
    if not isinstance(user, User):
        return False
    if user.is_regulator or user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, provider__require_two_factor=True
    ).exists()


def has_two_factor(user: AnyUser | None) -> bool:
    """`user` has confirmed an authenticator app."""
    return isinstance(user, User) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user: AnyUser | None) -> bool:
    """The session passed the second step (django-otp's OTPMiddleware sets `is_verified`)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def _is_open(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(set(match.namespaces) & OPEN_NAMESPACES) or match.url_name in OPEN_URL_NAMES


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not is_verified(user):
            enrolled = has_two_factor(user)
            if enrolled or two_factor_required(user):
                if request.path_info.startswith("/api/"):
                    # The session does not authenticate API calls yet; an API key still does.
                    request.user = AnonymousUser()
                elif not _is_open(request):
                    step = "account:verify" if enrolled else "account:setup"
                    target = request.get_full_path() if request.method == "GET" else "/"
                    return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': target})}")
        return self.get_response(request)
