"""The public addresses of what awards publish. `web.public` serves these paths; credentials
carry them absolute, on REGISTRY_BASE_URL."""

from datetime import date
from urllib.parse import quote, urlencode

from registry.core.public_urls import absolute_url


def credential_url(code: str) -> str:
    return absolute_url(f"/awards/{code}.json")


def verify_url(code: str) -> str:
    return absolute_url(f"/verify/{code}")


def status_list_url(slug: str, number: int) -> str:
    return absolute_url(f"/providers/{slug}/status/{number}.json")


def record_url(code: str) -> str:
    return absolute_url(f"/micro-credentials/{code}/")


def level_url(framework_code: str, level_code: str) -> str:
    return absolute_url(f"/frameworks/{framework_code}/levels/{level_code}/")


def provider_url(slug: str) -> str:
    return absolute_url(f"/providers/{slug}/")


def portal_certificate_url(slug: str, code: str) -> str:
    """The certificate PDF of an award, for the provider's signed-in members."""
    return absolute_url(f"/portal/{slug}/awards/{code}/certificate.pdf")


def learner_url(token: str) -> str:
    """A learner's private page (the token is theirs alone: only its hash is stored)."""
    return absolute_url(f"/learner/{token}/")


def award_page_url(code: str) -> str:
    """An award's public page, shown only when its learner has made it visible."""
    return absolute_url(f"/awards/{code}/")


LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def linkedin_add_url(
    *,
    name: str,
    organization: str,
    issued_on: date,
    expires_on: date | None,
    cert_url: str,
    cert_id: str,
) -> str:
    """LinkedIn's "Add licence or certification" form, filled in (every value URL-encoded)."""
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": organization,
        "issueYear": issued_on.year,
        "issueMonth": issued_on.month,
    }
    if expires_on is not None:
        params["expirationYear"] = expires_on.year
        params["expirationMonth"] = expires_on.month
    params["certUrl"] = cert_url
    params["certId"] = cert_id
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params, quote_via=quote, safe='')}"
