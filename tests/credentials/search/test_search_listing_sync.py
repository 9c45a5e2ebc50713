"""The search listing follows the workflow: drafts are not listed, publishing lists, a new
published version replaces the old one, withdrawal, suspension and reinstatement show at once."""

from credentials import services
from credentials.models import PublicListing, Status
from tests.credentials.search.conftest import titles


def test_drafts_and_versions_under_review_are_not_listed(workflow, search_api):
    workflow.version_in(Status.DRAFT, title="Carpentry draft")
    workflow.version_in(Status.IN_REVIEW, title="Carpentry in review")

    assert search_api(q="carpentry")["total"] == 0
    assert not PublicListing.objects.exists()


def test_publishing_lists_and_a_new_version_replaces_the_old(workflow, search_api):
    first = workflow.version_in(Status.PUBLISHED, title="Carpentry basics")
    assert titles(search_api(q="carpentry")) == ["Carpentry basics"]

    second = services.start_new_version(
        actor=workflow.member, micro_credential=first.micro_credential
    )
    services.update_draft(actor=workflow.member, version=second, data={"title": "Joinery basics"})
    assert titles(search_api(q="carpentry")) == ["Carpentry basics"]  # draft not yet public

    workflow.submit(second)
    workflow.approve(second)
    assert search_api(q="carpentry")["total"] == 0
    assert titles(search_api(q="joinery")) == ["Joinery basics"]
    assert PublicListing.objects.get().version_id == second.pk


def test_withdrawal_suspension_and_reinstatement_show_at_once(workflow, search_api):
    version = workflow.version_in(Status.PUBLISHED, title="Plumbing")

    workflow.suspend(version)
    assert search_api(q="plumbing")["total"] == 0
    workflow.reinstate(version)
    assert titles(search_api(q="plumbing")) == ["Plumbing"]
    workflow.withdraw(version)
    assert search_api(q="plumbing")["total"] == 0
    assert PublicListing.objects.get().status == Status.WITHDRAWN


def test_rebuilding_the_index_gives_the_same_listings(workflow, search_api):
    from django.core.management import call_command

    workflow.version_in(Status.PUBLISHED, title="Masonry")
    PublicListing.objects.all().delete()

    call_command("rebuild_search_index", verbosity=0)

    assert titles(search_api(q="masonry")) == ["Masonry"]
