"""The whole story in a browser: an institution submits, the automatic report appears, the
regulator requests changes, the institution fixes and resubmits, the regulator approves, and the
record is public."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from credentials.models import MicroCredential
from frameworks.models import CreditSystem, FieldOfStudy, Level
from tests.factories import PASSWORD, current_code

pytestmark = pytest.mark.browser


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:  # the second step: a code from the authenticator app
        page.locator("#id_code").fill(current_code(device))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_load_state()


def sign_out(page):
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_load_state()


def wait_for_checks(page, timeout_s=30):
    """Reload until the automatic checks, run by the Celery worker, have completed."""
    for _ in range(timeout_s * 2):
        if page.get_by_text("is a registered provider").count():
            return
        page.wait_for_timeout(500)
        page.reload()
    raise AssertionError("The automatic checks never appeared")


def test_submit_review_fix_resubmit_approve_publish(
    page, live_server, celery_worker, provider, institution_staff, regulator
):
    base = live_server.url

    # The institution drafts and submits.
    sign_in(page, base, institution_staff.username)
    page.goto(f"{base}/portal/")
    page.get_by_role("link", name="New micro-credential").first.click()
    page.locator("#id_title").fill("Data protection for small businesses")
    page.locator("#id_summary").fill("Apply the Data Protection Act to everyday processing.")
    page.locator("#id_learning_outcomes").fill(
        "Map the personal data an organisation processes\nDraft a privacy notice"
    )
    page.locator("#id_level").select_option(
        str(Level.objects.get(framework__code="MU-NQF", code="6").pk)
    )
    page.locator("#id_credits").fill("6")
    page.locator("#id_credit_system").select_option(
        str(CreditSystem.objects.get(code="MU-HE-CREDIT").pk)
    )
    page.locator("#id_notional_hours").fill("60")
    page.locator("#id_assessment_type").select_option("project")
    page.locator("#id_participation_mode").select_option("blended")
    page.locator("#id_pacing").select_option("guided")
    page.locator("#id_quality_assurance").fill("Approved by the university's senate.")
    page.locator("#id_recognition_type").select_option("accredited")
    page.locator("#id_field_of_study").select_option(str(FieldOfStudy.objects.get(code="0413").pk))
    page.locator("#id_languages").fill("en, fr")
    page.get_by_role("button", name=re.compile("Save|Create")).click()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    code = MicroCredential.objects.get(provider=provider).code

    wait_for_checks(page)
    assert page.get_by_text("Submitted").first.is_visible()
    sign_out(page)

    # The regulator reads the report and requests changes.
    sign_in(page, base, regulator.username)
    page.goto(f"{base}/review/")
    page.get_by_role("link", name="Data protection for small businesses").click()
    assert page.get_by_text("is a registered provider").first.is_visible()
    page.get_by_role("button", name="Start review").click()
    page.get_by_label("Request changes").check()
    page.locator("#decision textarea").fill("Add an outcome on handling data breaches.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    sign_out(page)

    # The institution fixes the draft and resubmits with a response.
    sign_in(page, base, institution_staff.username)
    page.goto(f"{base}/portal/{provider.slug}/micro-credentials/{code}/")
    assert page.get_by_text("Add an outcome on handling data breaches.").first.is_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.locator("#id_learning_outcomes").fill(
        "Map the personal data an organisation processes\nDraft a privacy notice\n"
        "Respond to a personal data breach within the legal deadline"
    )
    page.get_by_role("button", name=re.compile("Save")).click()
    page.locator("form textarea").last.fill("Added the breach-handling outcome.")
    page.get_by_role("button", name="Respond and resubmit").click()
    page.wait_for_load_state()
    wait_for_checks(page)
    sign_out(page)

    # The regulator approves, which publishes.
    sign_in(page, base, regulator.username)
    page.goto(f"{base}/review/")
    page.get_by_role("link", name="Data protection for small businesses").click()
    page.get_by_label("Approve and publish").check()
    page.locator("#decision textarea").fill("Meets the framework's requirements.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    sign_out(page)

    # Anyone can read the published record.
    page.goto(f"{base}/micro-credentials/{code}/")
    assert page.get_by_role("heading", name="Data protection for small businesses").is_visible()
    assert page.get_by_text(
        "Respond to a personal data breach within the legal deadline"
    ).is_visible()
