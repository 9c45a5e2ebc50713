"""DESIGN.md §7 for the REST API: every route of /api/v1/, every method, every kind of caller.

The matrix is checked against the URLconf itself: a route or method without a row here fails
`test_every_api_route_is_in_the_matrix`, so a new endpoint cannot ship without saying who may
use it. Each caller's request runs in a savepoint that is rolled back, so every caller meets the
same state and an allowed write answers its success code.

Callers: anonymous; the provider's staff and admin (session); the provider's API keys with the
read scope and with read + write; another provider's staff (session) and key; a regulator
(session) and a regulator's own key. Another provider's objects answer 404; regulator-only
actions on micro-credentials answer 404 to others, on the public provider register 403.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from credentials.awards import services as award_services
from credentials.awards.models import Award, IssuanceBatch, VerificationBatch
from credentials.exports import csv_bytes
from credentials.models import Status
from registry.accounts.models import Membership
from registry.accounts.services import create_api_key
from registry.providers.models import Provider
from registry.providers.services import suspend_provider
from registry.urls import api_v1
from tests.credentials.api.conftest import payload
from tests.factories import MembershipFactory, ProviderFactory
from tests.workflow import Workflow

pytestmark = pytest.mark.django_db

CALLERS = (
    "anonymous",
    "staff",
    "admin",
    "read_key",
    "write_key",
    "outsider",
    "outsider_key",
    "regulator",
    "regulator_key",
)
METHODS = ("get", "post", "put", "patch", "delete")


def expect(**statuses) -> dict[str, int]:
    assert set(statuses) == set(CALLERS)
    return statuses


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


PUBLIC = everyone(200)
SIGNED_IN = expect(
    anonymous=401,
    staff=200,
    admin=200,
    read_key=200,
    write_key=200,
    outsider=200,
    outsider_key=200,
    regulator=200,
    regulator_key=200,
)
MEMBERS_READ = expect(
    anonymous=401,
    staff=200,
    admin=200,
    read_key=200,
    write_key=200,
    outsider=404,
    outsider_key=404,
    regulator=404,
    regulator_key=404,
)


def members_write(success: int) -> dict[str, int]:
    return expect(
        anonymous=401,
        staff=success,
        admin=success,
        read_key=403,
        write_key=success,
        outsider=404,
        outsider_key=404,
        regulator=404,
        regulator_key=404,
    )


MEMBERS_AND_REGULATORS_READ = {**MEMBERS_READ, "regulator": 200, "regulator_key": 200}
REGULATORS_READ = expect(
    anonymous=401,
    staff=404,
    admin=404,
    read_key=404,
    write_key=404,
    outsider=404,
    outsider_key=404,
    regulator=200,
    regulator_key=200,
)
# Decisions on micro-credentials: the object is not the caller's business, so 404; a read-only
# key is refused for its scope before the object is looked at.
REGULATORS_DECIDE = {**REGULATORS_READ, "read_key": 403}


def regulators_act_on_register(success: int) -> dict[str, int]:
    """The provider register is public, so non-regulators are refused with 403."""
    return {
        **everyone(403),
        "anonymous": 401,
        "regulator": success,
        "regulator_key": success,
    }


# Revoking an award: institution admins (and keys their admins made), not staff.
ADMINS_WRITE = {**members_write(200), "staff": 403}


def award_row(objects) -> dict:
    return {
        "micro_credential": objects["published"].micro_credential.code,
        "learner_name": "Aisha Ramdin",
        "learner_email": "aisha@example.org",
        "issued_on": timezone.localdate().isoformat(),
        "external_id": "MATRIX-1",
    }


def award_body(objects) -> dict:
    return award_row(objects)


def award_file(objects) -> dict:
    row = award_row(objects)
    content = csv_bytes(list(row), [row])
    return {"file": SimpleUploadedFile("awards.csv", content, content_type="text/csv")}


def award_credential(objects) -> dict:
    return objects["award"].credential


def codes_file(objects) -> dict:
    content = csv_bytes(["code"], [{"code": objects["award"].verification_code}])
    return {"file": SimpleUploadedFile("codes.csv", content, content_type="text/csv")}


REGISTRATION = {
    "legal_name": "Indian Ocean Institute of Technology Ltd",
    "registration_number": "C-998877",
    "provider_type": "private_hei",
    "country": "MU",
}
SCOPE = {
    "frameworks": ["MU-NQF"],
    "highest_level": 6,
    "fields_of_study": ["06"],
    "recognition_types": ["accredited"],
}

# (route name, method) -> (URL arguments from the world, body, expected status per caller).
# The unnamed catch-all route is keyed by its pattern.
MATRIX = {
    ("framework-list", "get"): (None, None, PUBLIC),
    ("framework-detail", "get"): ({"code": "MU-NQF"}, None, PUBLIC),
    ("framework-level", "get"): ({"code": "MU-NQF", "level_code": "6"}, None, PUBLIC),
    ("credit-system-list", "get"): (None, None, PUBLIC),
    ("credit-system-detail", "get"): ({"code": "MU-HE-CREDIT"}, None, PUBLIC),
    ("credit-system-convert", "get"): (
        "?from=MU-HE-CREDIT&to=ECTS&credits=12",
        None,
        PUBLIC,
    ),
    ("field-of-study-list", "get"): (None, None, PUBLIC),
    ("field-of-study-detail", "get"): ({"code": "0613"}, None, PUBLIC),
    ("search", "get"): ("?q=cloud", None, PUBLIC),
    ("micro-credential-list", "get"): (None, None, PUBLIC),
    ("micro-credential-detail", "get"): ("published", None, PUBLIC),
    ("provider-list", "get"): (None, None, PUBLIC),
    ("provider-list", "post"): (None, REGISTRATION, regulators_act_on_register(201)),
    ("provider-detail", "get"): ("provider", None, PUBLIC),
    ("provider-scope", "put"): ("provider", SCOPE, regulators_act_on_register(200)),
    ("provider-suspend", "post"): (
        "provider",
        {"reason": "Audit.", "effective_date": "2026-12-01"},
        regulators_act_on_register(200),
    ),
    ("provider-deregister", "post"): (
        "provider",
        {"reason": "Closed."},
        regulators_act_on_register(200),
    ),
    ("provider-reinstate", "post"): (
        "suspended_provider",
        {"reason": "Audit passed."},
        regulators_act_on_register(200),
    ),
    ("provider-micro-credential-list", "get"): ("provider", None, MEMBERS_READ),
    ("provider-micro-credential-list", "post"): ("provider", payload(), members_write(201)),
    ("provider-micro-credential-bulk", "post"): ("provider", [payload()], members_write(201)),
    ("provider-micro-credential-detail", "get"): ("draft", None, MEMBERS_READ),
    ("provider-micro-credential-detail", "patch"): (
        "draft",
        {"title": "A better title"},
        members_write(200),
    ),
    ("provider-micro-credential-submit", "post"): ("draft", {}, members_write(200)),
    ("provider-micro-credential-withdraw", "post"): (
        "published",
        {"reason": "Discontinued."},
        members_write(200),
    ),
    ("provider-micro-credential-new-version", "post"): ("published", None, members_write(201)),
    ("provider-micro-credential-verification-reports", "get"): (
        "submitted",
        None,
        MEMBERS_AND_REGULATORS_READ,
    ),
    ("review-version-verification-reports", "get"): ("submitted", None, REGULATORS_READ),
    ("review-approve", "post"): ("submitted", {"comment": "Fine."}, REGULATORS_DECIDE),
    ("review-request-changes", "post"): ("submitted", {"comment": "More."}, REGULATORS_DECIDE),
    ("review-reject", "post"): ("submitted", {"comment": "No."}, REGULATORS_DECIDE),
    ("review-suspend", "post"): ("published", {"reason": "Complaint."}, REGULATORS_DECIDE),
    ("provider-award-list", "get"): ("provider", None, MEMBERS_READ),
    ("provider-award-list", "post"): ("provider", award_body, members_write(201)),
    ("provider-award-bulk", "post"): ("provider", award_file, members_write(202)),
    ("provider-award-batch", "get"): ("batch", None, MEMBERS_READ),
    ("provider-award-detail", "get"): ("award", None, MEMBERS_READ),
    ("provider-award-revoke", "post"): ("award", {"reason": "Issued in error."}, ADMINS_WRITE),
    ("provider-award-learner-link", "post"): ("award", {}, members_write(201)),
    ("verify-code", "get"): ("award", None, PUBLIC),
    ("verify-credential", "post"): (None, award_credential, PUBLIC),
    # Bulk verification: anyone; results only through their unguessable id.
    ("verification-batch-create", "post"): (None, codes_file, everyone(201)),
    ("verification-batch-detail", "get"): ("verification_batch", None, PUBLIC),
    ("verification-batch-csv", "get"): ("verification_batch", None, PUBLIC),
    ("audit-event-list", "get"): (None, None, SIGNED_IN),
    ("api-schema", "get"): (None, None, PUBLIC),
    ("api-docs", "get"): (None, None, PUBLIC),
    ("api-docs-redoc", "get"): (None, None, PUBLIC),
    ("api-not-found", "get"): ("/api/v1/no-such-resource/", None, everyone(404)),
}


def api_routes():
    """(name or pattern, method) of every route of the /api/v1/ URLconf."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern

    for pattern in walk(api_v1):
        callback = pattern.callback
        view_class = getattr(callback, "cls", None)
        if getattr(callback, "actions", None):
            # DRF adds "head" to a viewset's actions on its first GET; HEAD mirrors GET.
            methods = set(callback.actions) - {"head"}
        elif view_class is not None:
            methods = {method for method in METHODS if hasattr(view_class, method)}
        else:
            methods = {"get"}
        for method in methods:
            yield (pattern.name or str(pattern.pattern), method)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The matrix creates five people per case; their passwords need no real hashing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_api_route_is_in_the_matrix():
    routes = set(api_routes())

    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)

    assert not missing, f"API routes without a row in the permission matrix: {missing}"
    assert not stale, f"Matrix rows for routes that no longer exist: {stale}"


@pytest.fixture
def world(provider, other_provider, institution_staff, institution_admin, other_staff, regulator):
    """The provider's draft, submitted and published micro-credentials, a suspended provider,
    and a client for each caller."""
    workflow = Workflow(provider=provider, member=institution_staff, regulator=regulator)
    other_admin = MembershipFactory(
        provider=other_provider, role=Membership.Role.ADMIN, user__username="ocean-admin"
    ).user
    objects = {
        "provider": provider,
        "suspended_provider": ProviderFactory(slug="dormant", status=Provider.Status.SUSPENDED),
        "draft": workflow.version_in(Status.DRAFT),
        "submitted": workflow.version_in(Status.SUBMITTED),
        "published": workflow.version_in(Status.PUBLISHED),
    }
    objects["award"], _created = award_services.issue_award(
        actor=institution_staff,
        provider=provider,
        data=award_services.AwardInput(
            version=objects["published"],
            learner_name="Jean Li",
            learner_email="jean@example.org",
            issued_on=timezone.localdate(),
            external_id="WORLD-1",
        ),
    )
    objects["batch"] = award_services.create_batch(
        actor=institution_staff, provider=provider, file_name="awards.csv", rows=[]
    )
    objects["verification_batch"] = award_services.create_verification_batch(
        kind="codes", file_name="codes.csv", upload=b"", total=0, columns=[], language="en"
    )

    def session(user):
        client = APIClient()
        client.force_login(user)
        return client

    def key(actor, key_provider, scopes):
        _key, plaintext = create_api_key(
            actor=actor, provider=key_provider, name="matrix", scopes=scopes
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        return client

    clients = {
        "anonymous": APIClient(),
        "staff": session(institution_staff),
        "admin": session(institution_admin),
        "read_key": key(institution_admin, provider, ["read"]),
        "write_key": key(institution_admin, provider, ["read", "write"]),
        "outsider": session(other_staff),
        "outsider_key": key(other_admin, other_provider, ["read", "write"]),
        "regulator": session(regulator),
        "regulator_key": key(regulator, None, ["read", "write"]),
    }
    return objects, clients


# Routes about one version take its id; public and regulator routes about a record its code.
BY_VERSION = {
    "review-version-verification-reports",
    "review-approve",
    "review-request-changes",
    "review-reject",
}
BY_CODE = {"micro-credential-detail", "review-suspend"}


def url_for(name, target, objects) -> str:
    """The URL of `name` for `target`: an absolute path, a query string, URL arguments, or the
    name of an object of the world (a provider or a version)."""
    if isinstance(target, str) and target.startswith("/"):
        return target
    if target is None or (isinstance(target, str) and target.startswith("?")):
        return reverse(name) + (target or "")
    if isinstance(target, dict):
        return reverse(name, kwargs=target)
    obj = objects[target]
    if isinstance(obj, Provider):
        return reverse(name, kwargs={"slug": obj.slug})
    if isinstance(obj, Award):
        if name == "verify-code":
            return reverse(name, kwargs={"code": obj.verification_code})
        return reverse(name, kwargs={"slug": obj.provider.slug, "code": obj.verification_code})
    if isinstance(obj, IssuanceBatch):
        return reverse(name, kwargs={"slug": obj.provider.slug, "pk": obj.pk})
    if isinstance(obj, VerificationBatch):
        return reverse(name, kwargs={"public_id": obj.public_id})
    micro_credential = obj.micro_credential
    if name in BY_VERSION:
        return reverse(name, kwargs={"pk": obj.pk})
    if name in BY_CODE:
        return reverse(name, kwargs={"code": micro_credential.code})
    return reverse(
        name, kwargs={"slug": micro_credential.provider.slug, "code": micro_credential.code}
    )


def call(client, method, url, body, objects=None):
    """The request in a savepoint that is rolled back, so the next caller meets the same state.
    A `body` that is a function is called with the world's objects (a file goes as multipart)."""
    headers = {"HTTP_IF_MATCH": "*"} if method == "patch" else {}
    if callable(body):
        body = body(objects)
    upload = isinstance(body, dict) and any(hasattr(v, "read") for v in body.values())
    with transaction.atomic():
        response = getattr(client, method)(
            url, body, format="multipart" if upload else "json", **headers
        )
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("route", "method"), list(MATRIX), ids=[f"{r}:{m}" for r, m in MATRIX])
def test_each_caller_gets_what_the_matrix_says(world, route, method):
    objects, clients = world
    target, body, expected = MATRIX[(route, method)]
    url = url_for(route, target, objects)

    actual = {
        caller: call(clients[caller], method, url, body, objects).status_code for caller in CALLERS
    }

    assert actual == expected, url


def test_refusals_are_problem_details(world):
    objects, clients = world
    draft_url = url_for("provider-micro-credential-detail", "draft", objects)
    refusals = [
        call(clients["anonymous"], "get", draft_url, None),
        call(clients["outsider"], "get", draft_url, None),
        call(clients["read_key"], "patch", draft_url, {"title": "x"}),
        call(clients["admin"], "post", reverse("provider-list"), REGISTRATION),
    ]

    assert [r.status_code for r in refusals] == [401, 404, 403, 403]
    assert {r["Content-Type"] for r in refusals} == {"application/problem+json"}


PROVIDER_SCOPED = [
    (name, method)
    for (name, method), (target, _body, _expected) in MATRIX.items()
    if name.startswith("provider-micro-credential-")
    and target in ("draft", "published", "submitted")
]


@pytest.mark.parametrize(
    ("route", "method"), PROVIDER_SCOPED, ids=[f"{r}:{m}" for r, m in PROVIDER_SCOPED]
)
def test_another_providers_record_under_ones_own_slug_answers_404(world, route, method):
    """An outsider who puts the provider's micro-credential code under their own provider's
    slug still gets 404: the record is looked up within the provider named in the URL."""
    objects, clients = world
    target, body, _expected = MATRIX[(route, method)]
    code = objects[target].micro_credential.code
    url = reverse(route, kwargs={"slug": "ocean", "code": code})

    statuses = {
        call(clients[c], method, url, body).status_code for c in ("outsider", "outsider_key")
    }

    assert statuses == {404}


# A suspended provider's members and keys: they read as before, but the provider's state refuses
# drafting, importing and submitting (409); withdrawing what it published stays possible.
SUSPENDED_PROVIDER = {
    ("provider-micro-credential-list", "get"): 200,
    ("provider-micro-credential-list", "post"): 409,
    ("provider-micro-credential-bulk", "post"): 409,
    ("provider-micro-credential-detail", "get"): 200,
    ("provider-micro-credential-detail", "patch"): 409,
    ("provider-micro-credential-submit", "post"): 409,
    ("provider-micro-credential-new-version", "post"): 409,
    ("provider-micro-credential-withdraw", "post"): 200,
    ("provider-micro-credential-verification-reports", "get"): 200,
}


def test_every_provider_route_has_a_suspended_provider_row():
    routes = {route for route in MATRIX if route[0].startswith("provider-micro-credential-")}
    assert routes == set(SUSPENDED_PROVIDER)


@pytest.mark.parametrize(
    ("route", "method"), list(SUSPENDED_PROVIDER), ids=[f"{r}:{m}" for r, m in SUSPENDED_PROVIDER]
)
def test_a_suspended_providers_members_read_but_cannot_draft_or_submit(
    world, regulator, route, method, django_capture_on_commit_callbacks
):
    objects, clients = world
    with django_capture_on_commit_callbacks(execute=False):
        suspend_provider(actor=regulator, provider=objects["provider"], reason="Audit.")
    target, body, _expected = MATRIX[(route, method)]
    url = url_for(route, target, objects)

    actual = {
        caller: call(clients[caller], method, url, body).status_code
        for caller in ("staff", "admin", "write_key")
    }

    assert actual == dict.fromkeys(actual, SUSPENDED_PROVIDER[(route, method)]), url


# A suspended provider issues nothing (409) but reads its awards and may still revoke them.
SUSPENDED_AWARDS = {
    ("provider-award-list", "get"): {"staff": 200, "admin": 200, "write_key": 200},
    ("provider-award-list", "post"): {"staff": 409, "admin": 409, "write_key": 409},
    ("provider-award-bulk", "post"): {"staff": 409, "admin": 409, "write_key": 409},
    ("provider-award-batch", "get"): {"staff": 200, "admin": 200, "write_key": 200},
    ("provider-award-detail", "get"): {"staff": 200, "admin": 200, "write_key": 200},
    ("provider-award-revoke", "post"): {"staff": 403, "admin": 200, "write_key": 200},
    # Its learners keep their pages: a new link is still sent to one who asks.
    ("provider-award-learner-link", "post"): {"staff": 201, "admin": 201, "write_key": 201},
}


def test_every_award_route_has_a_suspended_provider_row():
    routes = {route for route in MATRIX if route[0].startswith("provider-award-")}
    assert routes == set(SUSPENDED_AWARDS)


@pytest.mark.parametrize(
    ("route", "method"), list(SUSPENDED_AWARDS), ids=[f"{r}:{m}" for r, m in SUSPENDED_AWARDS]
)
def test_a_suspended_provider_cannot_issue_awards(
    world, regulator, route, method, django_capture_on_commit_callbacks
):
    objects, clients = world
    with django_capture_on_commit_callbacks(execute=False):
        suspend_provider(actor=regulator, provider=objects["provider"], reason="Audit.")
    target, body, _expected = MATRIX[(route, method)]
    url = url_for(route, target, objects)

    actual = {
        caller: call(clients[caller], method, url, body, objects).status_code
        for caller in ("staff", "admin", "write_key")
    }

    assert actual == SUSPENDED_AWARDS[(route, method)], url
