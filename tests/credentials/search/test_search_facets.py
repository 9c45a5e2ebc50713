"""Facet counts over the matching set: level, credit range, provider, field of study, recognition
type, form of participation, language and skills."""

import time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from frameworks.models import FieldOfStudy, Level
from tests.credentials.search.conftest import counts


@pytest.fixture
def register(publish, other_provider, institution_staff, regulator):
    from credentials.models import Status
    from tests.factories import MembershipFactory
    from tests.workflow import Workflow

    publish(
        title="Welding basics",
        credits=Decimal("3"),
        participation_mode="on_site",
        recognition_type="endorsed",
        languages=["en", "fr"],
        skills=["weld metal", "read blueprints"],
        field_of_study=FieldOfStudy.objects.get(code="0715"),
        level=Level.objects.get(framework__code="MU-NQF", code="4"),
    )
    publish(title="Welding safety", credits=Decimal("12"), skills=["weld metal"])
    other = Workflow(
        provider=other_provider,
        member=MembershipFactory(provider=other_provider).user,
        regulator=regulator,
    )
    other.version_in(Status.PUBLISHED, title="Advanced welding", credits=Decimal("45"))
    publish(title="Unrelated pottery")


def test_each_facet_counts_the_matching_records(register, search_api):
    body = search_api(q="welding")

    assert body["total"] == 3
    assert counts(body, "level") == {"MU-NQF:4": 1, "MU-NQF:6": 2}
    assert counts(body, "credits") == {"under-5": 1, "10-19": 1, "40-plus": 1}
    assert counts(body, "provider") == {"uopl": 2, "ocean": 1}
    assert counts(body, "field") == {"06": 2, "07": 1}
    assert counts(body, "recognition") == {"accredited": 2, "endorsed": 1}
    assert counts(body, "mode") == {"online": 2, "on_site": 1}
    assert counts(body, "language") == {"en": 3, "fr": 1}
    assert counts(body, "skill") == {
        "weld metal": 2,
        "read blueprints": 1,
        "cloud security": 1,  # the factory's skills, on "Advanced welding"
        "identity management": 1,
    }


def test_facets_have_labels_and_follow_the_filters(register, search_api):
    body = search_api(q="welding", mode="on_site")

    level = next(f for f in body["facets"] if f["name"] == "level")
    assert level["label"] == "Level"
    assert level["options"] == [
        {"value": "MU-NQF:4", "label": "NQF (Mauritius) 4", "count": 1, "selected": False}
    ]
    mode = next(f for f in body["facets"] if f["name"] == "mode")
    assert mode["options"] == [
        {"value": "on_site", "label": "On site", "count": 1, "selected": True}
    ]


def test_facets_can_be_left_out(register, search_api):
    body = search_api(q="welding", facets="0")

    assert body["total"] == 3
    assert body["facets"] == []


def test_facet_labels_are_kept_in_the_process_for_a_minute(register, search_api, monkeypatch):
    """A search reads the labels it has not seen lately in one statement; the next search
    reads none, and a renamed provider shows under its new name once the labels expire."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from credentials.search import facets
    from registry.core import process_cache
    from registry.providers.models import Provider

    first = search_api(q="welding")
    provider = next(f for f in first["facets"] if f["name"] == "provider")["options"][0]
    with CaptureQueriesContext(connection) as captured:
        search_api(q="welding")
    assert not [q for q in captured.captured_queries if "SELECT 'level'" in q["sql"]]

    Provider.objects.filter(slug=provider["value"]).update(trading_name="Renamed Institute")
    assert (
        next(f for f in search_api(q="welding")["facets"] if f["name"] == "provider")["options"][0][
            "label"
        ]
        == provider["label"]
    )
    later = time.monotonic() + facets.LABEL_SECONDS + 1
    monkeypatch.setattr(process_cache, "time", SimpleNamespace(monotonic=lambda: later))
    renamed = next(f for f in search_api(q="welding")["facets"] if f["name"] == "provider")
    assert "Renamed Institute" in [option["label"] for option in renamed["options"]]
