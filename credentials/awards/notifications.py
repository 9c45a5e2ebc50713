"""E-mails to learners: the private link to their awards, in the language of their award,
composed for the outbox of the transaction that issues the award or sends the link again
(`registry.core.outbox`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import ngettext

from credentials.awards import links
from credentials.awards.models import Award, LearnerLink
from registry.core import outbox


@dataclass(frozen=True)
class Listed:
    """One award as the e-mail lists it (plain values: a bulk issuance lists many)."""

    title: str
    issued_on: date
    code: str

    @classmethod
    def of(cls, award: Award) -> "Listed":
        return cls(award.version.title, award.issued_on, award.verification_code)


@dataclass(frozen=True)
class Learner:
    """Who the e-mail goes to, and in which language."""

    name: str
    email: str
    language: str

    @classmethod
    def of(cls, award: Award) -> "Learner":
        return cls(award.learner_name, award.learner_email, award.language or "en")


def learner_link(
    link: LearnerLink,
    token: str,
    *,
    provider_name: str,
    learner: Learner,
    awards: Sequence[Listed],
    resent: bool = False,
) -> outbox.Letter | None:
    """The e-mail giving `learner` the link to their page, listing `awards`, in their language."""
    with translation.override(learner.language):
        subject = ngettext(
            "%(provider)s: your micro-credential",
            "%(provider)s: your micro-credentials",
            len(awards),
        ) % {"provider": provider_name}
        return outbox.compose(
            to=[learner.email],
            subject=subject,
            template="emails/learner_link.txt",
            context={
                "learner_name": learner.name,
                "provider": provider_name,
                "awards": [
                    {
                        "title": award.title,
                        "issued_on": award.issued_on,
                        "code": award.code,
                        "verify_url": links.verify_url(award.code),
                    }
                    for award in awards
                ],
                "link": links.learner_url(token),
                "expires_at": link.expires_at,
                "resent": resent,
            },
        )
