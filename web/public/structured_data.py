"""schema.org `EducationalOccupationalCredential` JSON-LD for a public record.

Only what the record holds goes in: no offers (the registry has no prices) and no `recognizedBy`
(the register does not name the body that recognises a micro-credential, only the kind of
recognition). Level equivalents come from recorded level references, never from guesses.
"""

from django.urls import reverse

from registry.core.public_urls import absolute_url


def _level_term(level, request) -> dict:
    framework = level.framework
    name = f"{framework.short_name} {level.code}"
    return {
        "@type": "DefinedTerm",
        "name": f"{name}: {level.title}" if level.title else name,
        "termCode": level.code,
        "url": absolute_url(
            reverse("frameworks:level", args=[framework.code, level.code]), request
        ),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "name": framework.name,
            "url": absolute_url(reverse("frameworks:detail", args=[framework.code]), request),
        },
    }


def _provider(provider, request) -> dict:
    organisation = {
        "@type": "Organization",
        "name": provider.display_name,
        "legalName": provider.legal_name,
        "address": {"@type": "PostalAddress", "addressCountry": provider.country},
    }
    if provider.is_public:
        organisation["url"] = absolute_url(
            reverse("public:provider", args=[provider.slug]), request
        )
    if provider.website:
        organisation["sameAs"] = provider.website
    return organisation


def credential_json_ld(*, micro_credential, version, references, request) -> dict:
    """The record as JSON-LD; `references` are the level's `LevelReference`s."""
    url = absolute_url(reverse("public:micro_credential", args=[micro_credential.code]), request)
    levels = [_level_term(version.level, request)]
    levels += [
        _level_term(reference.to_level, request) for reference in references if reference.to_level
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": url,
        "url": url,
        "identifier": micro_credential.code,
        "name": version.title,
        "description": version.summary or "; ".join(version.learning_outcomes) or version.title,
        "credentialCategory": {
            "@type": "DefinedTerm",
            "name": str(version.get_kind_display()),
            "termCode": version.kind,
        },
        "educationalLevel": levels,
        "teaches": list(version.learning_outcomes),
        "competencyRequired": [{"@type": "DefinedTerm", "name": skill} for skill in version.skills],
        "about": {
            "@type": "DefinedTerm",
            "name": version.field_of_study.name,
            "termCode": version.field_of_study.code,
            "inDefinedTermSet": "ISCED-F 2013",
        },
        "provider": _provider(micro_credential.provider, request),
        "timeRequired": f"PT{version.notional_hours}H",
        "inLanguage": list(version.languages),
        "version": str(version.number),
        "creativeWorkStatus": str(version.get_status_display()),
    }
    if version.validity_months:
        data["validFor"] = f"P{version.validity_months}M"
    if version.published_at:
        data["datePublished"] = version.published_at.date().isoformat()
    if version.public_url:
        data["sameAs"] = version.public_url
    return data
