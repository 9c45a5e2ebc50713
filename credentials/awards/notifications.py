"""E-mails to learners: the private link to their awards, in the language of their award,
composed for the outbox of the transaction that issues the award or sends the link again
(`registry.core.outbox`)."""

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import ngettext

from credentials.awards import links
from credentials.awards.models import Award, LearnerLink
from registry.core import outbox


def learner_link(
    link: LearnerLink, token: str, awards: Sequence[Award], *, resent: bool = False
) -> outbox.Letter | None:
    """The e-mail giving the learner of `awards` (one learner, one provider) the link to their
    page, in the language of the first award."""
    first = awards[0]
    provider = first.provider.display_name
    with translation.override(first.language or "en"):
        subject = ngettext(
            "%(provider)s: your micro-credential",
            "%(provider)s: your micro-credentials",
            len(awards),
        ) % {"provider": provider}
        return outbox.compose(
            to=[first.learner_email],
            subject=subject,
            template="emails/learner_link.txt",
            context={
                "learner_name": first.learner_name,
                "provider": provider,
                "awards": [
                    {
                        "title": award.version.title,
                        "issued_on": award.issued_on,
                        "code": award.verification_code,
                        "verify_url": links.verify_url(award.verification_code),
                    }
                    for award in awards
                ],
                "link": links.learner_url(token),
                "expires_at": link.expires_at,
                "resent": resent,
            },
        )
