"""Public, read-only pages about frameworks, levels and credit systems."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from credentials.selectors import listed_counts_by_level
from frameworks import selectors
from frameworks.credits import CreditConversionError, convert_credits
from frameworks.forms import CreditConversionForm
from frameworks.models import Level, QualificationsFramework

FORM_FIELD_FOR = {"credits": "credits", "from_system": "from", "to_system": "to"}
CONVERSION_PARAMETERS = set(FORM_FIELD_FOR.values())


def framework_list(request):
    return render(
        request,
        "public/frameworks/framework_list.html",
        {"frameworks": selectors.frameworks_with_level_counts()},
    )


def framework_detail(request, code: str):
    try:
        framework = selectors.framework_with_levels(code)
    except QualificationsFramework.DoesNotExist:
        raise Http404(_("No such framework.")) from None
    counts = listed_counts_by_level(framework)
    return render(
        request,
        "public/frameworks/framework_detail.html",
        {
            "framework": framework,
            "levels": [(level, counts.get(level.pk, 0)) for level in framework.levels.all()],
        },
    )


def level_detail(request, code: str, level_code: str):
    try:
        level = selectors.level_detail(code, level_code)
    except Level.DoesNotExist:
        raise Http404(_("No such level.")) from None
    return render(
        request,
        "public/frameworks/level_detail.html",
        {
            "level": level,
            "framework": level.framework,
            "references": selectors.referenced_levels(level),
            "referenced_by": selectors.referencing_levels(level),
        },
    )


def credit_systems(request):
    asked = CONVERSION_PARAMETERS & request.GET.keys()
    form = CreditConversionForm(request.GET if asked else None)
    conversion = None
    if form.is_valid():
        try:
            conversion = convert_credits(
                credits=form.cleaned_data["credits"],
                from_system=form.cleaned_data["from"],
                to_system=form.cleaned_data["to"],
            )
        except CreditConversionError as error:
            form.add_error(FORM_FIELD_FOR[error.field], str(error))
    return render(
        request,
        "public/frameworks/credit_systems.html",
        {"systems": selectors.credit_systems(), "form": form, "conversion": conversion},
    )
