"""The certificates' branding of a provider (institution admins): logo and colour."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from credentials.awards import branding
from registry.core.errors import REFUSALS, describe
from registry.core.request_limits import limit_request_body
from web.portal.forms import LOGO_UPLOAD_MAX_BYTES, BrandingForm
from web.portal.views import admin_view

manages_branding = admin_view(_("Only institution admins may change the certificates' branding."))


@limit_request_body(LOGO_UPLOAD_MAX_BYTES + 64 * 1024)
@manages_branding
def certificate_branding(request, provider):
    current = branding.branding_of(provider)
    form = BrandingForm(
        request.POST or None, request.FILES or None, initial={"colour": current.colour}
    )
    if request.method == "POST" and form.is_valid():
        try:
            branding.set_branding(
                actor=request.user,
                provider=provider,
                colour=form.cleaned_data["colour"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except REFUSALS as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error(None, describe(error))
        else:
            messages.success(
                request,
                _("The branding is saved; the provider's certificates are being rendered again."),
            )
            return redirect("portal:certificate_branding", provider.slug)
    return render(
        request,
        "portal/certificate_branding.html",
        {
            "provider": provider,
            "form": form,
            "branding": current,
            "logo_kb": (len(bytes(current.logo)) + 1023) // 1024 if current.logo else 0,
            "is_admin": True,
        },
    )
