"""An award's public page (`/awards/<code>/`), for the learner to share: shown only when they
made it visible on their private page (404 otherwise; the code still verifies on
`/verify/<code>`). No sign-in; rate-limited with verification."""

from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from credentials.awards import selectors, verification
from registry.core.throttling import throttle


@throttle("verify", "VERIFY_RATE")
@require_GET
def award_page(request, code: str):
    """The award and its current verdict (revoked included), with Open Graph and Twitter card
    tags for sharing. Never cached for long (the learner may hide it again), kept out of search
    engines, and not counted as a verification (link previews would inflate the count)."""
    verdict = verification.verify_code(selectors.public_award(code).verification_code, count=False)
    award = verdict.award
    if award is None:
        raise Http404
    version = award.version
    description = _(
        "%(provider)s awarded the micro-credential “%(title)s” (level %(level)s, %(credits)s "
        "%(system)s credits) to %(learner)s on %(date)s. %(verdict)s in the national register."
    ) % {
        "provider": award.provider.display_name,
        "title": version.title,
        "level": f"{version.level.framework.code} {version.level.code}",
        "credits": floatformat(version.credits, "-2"),
        "system": version.credit_system.code,
        "learner": award.learner_name,
        "date": date_format(award.issued_on, "j F Y"),
        "verdict": verdict.headline,
    }
    response = render(
        request,
        "public/award.html",
        {
            "verdict": verdict,
            "award": award,
            "meta_title": _("%(learner)s: %(title)s")
            % {"learner": award.learner_name, "title": version.title},
            "meta_description": description,
        },
    )
    response["Cache-Control"] = "no-cache"
    return response
