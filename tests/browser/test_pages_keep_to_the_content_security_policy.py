"""Every kind of page works in a browser under the Content-Security-Policy (`default-src 'self'`,
no inline script or style): the browser reports no refused script, style, image or worker, and the
pages do what they are for. The API documentation is the one relaxed page (inline styles, data:
images), and Swagger UI and ReDoc still show the API there."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.accounts.services import create_regulator
from tests.factories import PASSWORD, current_code
from tests.web.public.conftest import make_published

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


@pytest.fixture
def refusals(page):
    """What the browser refused under the policy, as it reports it on the console."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def sign_in(page, url, username, authenticator=None):
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    if authenticator is not None:
        page.get_by_label("Code").fill(current_code(authenticator))
        page.get_by_label("Code").press("Enter")
        page.wait_for_load_state()


def test_public_pages_under_the_policy(page, live_server, refusals, provider):
    record = make_published(provider, title="Cloud security fundamentals")

    page.goto(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/search/?q=cloud")
    expect(page.get_by_role("link", name="Cloud security fundamentals")).to_be_visible()
    page.goto(f"{live_server.url}/micro-credentials/{record.code}/")
    expect(page.get_by_role("heading", name="Cloud security fundamentals")).to_be_visible()
    page.goto(f"{live_server.url}/providers/apply/")
    page.goto(f"{live_server.url}/frameworks/")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert refusals == []


def test_portal_and_admin_under_the_policy(page, live_server, refusals, institution_admin):
    sign_in(page, f"{live_server.url}/accounts/login/", institution_admin.username)
    page.goto(f"{live_server.url}/portal/uopl/")
    page.goto(f"{live_server.url}/portal/uopl/micro-credentials/new/")
    expect(page.locator("#id_title")).to_be_visible()
    page.goto(f"{live_server.url}/portal/uopl/import/")
    page.goto(f"{live_server.url}/portal/uopl/members/")
    officer = create_regulator(username="officer", email="officer@example.org", password=PASSWORD)
    authenticator = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    page.context.clear_cookies()
    sign_in(page, f"{live_server.url}/admin/login/", "officer", authenticator)
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{live_server.url}/admin/providers/provider/")
    page.goto(f"{live_server.url}/review/")

    assert refusals == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "shown"),
    [("/api/v1/docs/", ".swagger-ui .info .title"), ("/api/v1/docs/redoc/", "redoc h1")],
)
def test_the_api_documentation_shows_the_api(page, live_server, refusals, path, shown):
    page.goto(f"{live_server.url}{path}")

    # The page fetches the whole OpenAPI schema first, which drf-spectacular builds on the first
    # request of a process: slow on a busy 2-core machine, hence the longer wait.
    expect(page.locator(shown).first).to_contain_text(
        "National micro-credential registry API", timeout=30_000
    )
    # ReDoc's sidebar credit links Redocly's logo from their CDN: the policy keeps it out, as
    # it should (nothing is loaded from elsewhere); everything else must load.
    assert [text for text in refusals if "https://cdn.redoc.ly/" not in text] == []
