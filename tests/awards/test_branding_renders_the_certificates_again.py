"""An institution admin sets the provider's logo and colour in the portal (an audited change);
its certificates show them, and every stored certificate of the provider is rendered again
(queued after commit, replacing each PDF in place). Saving the same branding changes nothing."""

import pytest
from django.urls import reverse

from credentials.awards import branding, certificates, links
from credentials.awards import tasks as award_tasks
from credentials.awards.models import Award
from credentials.certificates import tasks as certificate_tasks
from registry.audit.models import AuditEvent
from tests.awards import logo_files
from tests.awards.conftest import stored_files
from tests.certificates.certificate_files import needs_poppler, qr_codes

pytestmark = pytest.mark.django_db


def run(sent_tasks):
    """Run the sent messages as a worker would, including the ones they send; empty the list."""
    names = []
    while sent_tasks:
        name, args = sent_tasks.pop(0)
        names.append(name)
        if name == "certificates.render":
            certificate_tasks.render_certificate(*args)
        elif name == "awards.rerender_certificates":
            award_tasks.rerender_certificates(*args)
    return names


def test_the_page_is_in_the_admins_nav_and_closed_to_staff(
    client, provider, institution_admin, institution_staff, other_staff
):
    url = reverse("portal:certificate_branding", args=[provider.slug])
    client.force_login(institution_admin)
    assert url in client.get(reverse("portal:dashboard", args=[provider.slug])).text
    assert client.get(url).status_code == 200

    client.force_login(institution_staff)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Only institution admins may change the certificates" in refused.text
    client.force_login(other_staff)
    assert client.get(url).status_code == 404


def test_the_certificate_shows_the_logo_and_colour(award, provider, institution_admin):
    branding.set_branding(
        actor=institution_admin, provider=provider, colour="#0A7D3B", logo=logo_files.png()
    )

    content = certificates.certificate_content(award.pk)

    assert content.logo == logo_files.png() and content.logo_type == "image/png"
    assert content.brand_colour == "#0a7d3b"
    event = AuditEvent.objects.get(action="provider.branding_changed")
    assert event.after["colour"] == "#0a7d3b" and event.after["logo"]["type"] == "image/png"


@needs_poppler
def test_an_svg_logo_prints_and_the_qr_code_still_reads(
    award, provider, institution_admin, certificate_folder
):
    branding.set_branding(
        actor=institution_admin, provider=provider, colour="#123456", logo=logo_files.SVG_OK
    )

    name = certificates.render_now(award.pk)

    pdf = (certificate_folder / name).read_bytes()
    assert qr_codes(pdf) == [links.verify_url(award.verification_code)]


def test_a_change_renders_every_certificate_of_the_provider_again(
    issue,
    published,
    provider,
    institution_admin,
    certificate_folder,
    sent_tasks,
    django_capture_on_commit_callbacks,
):
    awards = [issue(published, external_id=f"B-{n}") for n in range(2)]
    for award in awards:
        certificates.render_now(award.pk)
    before = {
        a.pk: (certificate_folder / f"certificates/{a.verification_code}.pdf").read_bytes()
        for a in awards
    }

    with django_capture_on_commit_callbacks(execute=True):
        branding.set_branding(
            actor=institution_admin, provider=provider, colour="#aa0000", logo=logo_files.jpeg()
        )
    assert not Award.objects.filter(provider=provider, certificate_requested_at=None).exists()
    names = run(sent_tasks)

    assert names == ["awards.rerender_certificates", "certificates.render", "certificates.render"]
    assert stored_files(certificate_folder) == sorted(
        f"certificates/{a.verification_code}.pdf" for a in awards
    )
    for award in awards:
        award.refresh_from_db()
        after = (certificate_folder / award.certificate_name).read_bytes()
        assert after != before[award.pk]
        assert award.certificate_requested_at is None


def test_saving_the_same_branding_again_queues_nothing(
    award, provider, institution_admin, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        branding.set_branding(actor=institution_admin, provider=provider, colour="#aa0000")
    sent_tasks.clear()

    with django_capture_on_commit_callbacks(execute=True):
        branding.set_branding(actor=institution_admin, provider=provider, colour="#AA0000")

    assert sent_tasks == []
    assert AuditEvent.objects.filter(action="provider.branding_changed").count() == 1


def test_staff_cannot_change_the_branding(provider, institution_staff):
    from registry.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        branding.set_branding(actor=institution_staff, provider=provider, colour="#aa0000")
