"""The Open Badges 3.0 credential of an award, from the version it is issued under."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

from credentials.awards import links
from credentials.models import MicroCredentialVersion
from credentials.signing import open_badges, status_list
from registry.core.public_urls import absolute_url
from registry.providers.models import Provider


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def valid_until(version: MicroCredentialVersion, issued_on: date) -> datetime | None:
    if not version.validity_months:
        return None
    return midnight_utc(add_months(issued_on, version.validity_months))


def _criteria(version: MicroCredentialVersion) -> str:
    parts = []
    if version.learning_outcomes:
        parts.append(
            "Learning outcomes:\n" + "\n".join(f"- {o}" for o in version.learning_outcomes)
        )
    assessment = version.get_assessment_type_display()
    if version.assessment_description:
        assessment = f"{assessment}: {version.assessment_description}"
    parts.append(f"Assessment: {assessment}")
    return "\n\n".join(parts)


def achievement(version: MicroCredentialVersion) -> open_badges.AchievementData:
    level = version.level
    framework = level.framework
    alignments = [
        open_badges.Alignment(
            target_name=f"{framework.code} level {level.code}",
            target_url=links.level_url(framework.code, level.code),
            target_type="ext:NQFLevel",
            target_code=level.code,
            target_framework=framework.name,
        ),
        open_badges.Alignment(
            target_name=version.field_of_study.name,
            target_url=absolute_url(
                "/search/?" + urlencode({"field": version.field_of_study.code})
            ),
            target_type="ext:ISCED-F",
            target_code=version.field_of_study.code,
            target_framework="ISCED-F 2013",
        ),
    ]
    alignments += [
        open_badges.Alignment(
            target_name=skill,
            target_url=absolute_url("/search/?" + urlencode({"skill": skill})),
            target_type="ext:Skill",
        )
        for skill in version.skills
    ]
    code = version.micro_credential.code
    return open_badges.AchievementData(
        id=links.record_url(code),
        name=version.title,
        description=version.summary or version.title,
        criteria_narrative=_criteria(version),
        credits_available=float(version.credits),
        field_of_study=version.field_of_study.name,
        human_code=code,
        in_language=version.languages[0] if version.languages else None,
        alignments=tuple(alignments),
    )


def award_document(
    *,
    provider: Provider,
    did: str,
    version: MicroCredentialVersion,
    achievement_data: open_badges.AchievementData,
    code: str,
    email: str,
    issued_on: date,
    result: str,
    evidence_url: str,
    list_url: str,
    index: int,
) -> dict[str, Any]:
    """The unsigned `OpenBadgeCredential`: the learner's e-mail only as a salted hash."""
    until = valid_until(version, issued_on)
    evidence: tuple[open_badges.Evidence, ...] = ()
    if evidence_url:
        evidence = (open_badges.Evidence(id=evidence_url, name="Evidence"),)
    return open_badges.build_open_badge_credential(
        open_badges.AwardData(
            credential_id=links.credential_url(code),
            issuer=open_badges.IssuerProfile(
                did=did,
                name=provider.display_name,
                url=provider.website or links.provider_url(provider.slug),
            ),
            name=version.title,
            valid_from=midnight_utc(issued_on),
            valid_until=until,
            recipient=open_badges.hashed_email(email),
            achievement=achievement_data,
            status=status_list.status_list_entry(list_url, index),
            grade=result or None,
            evidence=evidence,
        )
    )
