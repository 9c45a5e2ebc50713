"""The public addresses of what awards publish. `web.public` serves these paths; credentials
carry them absolute, on REGISTRY_BASE_URL."""

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
