"""The API does what its OpenAPI schema says, for every operation and every kind of caller.

Schemathesis loads the live schema from the running Django application (`/api/v1/schema/`, through
the real WSGI handler and middleware, on the test database) and sends generated requests to every
operation as an anonymous caller, an institution admin's read-write key, a read-only key and a
regulator's key. Every response must be a non-5xx with a documented status code, content type and
body. The run is bounded and reproducible: a fixed seed, derandomized generation, no shrinking and
at most `MAX_EXAMPLES` generated requests per operation and caller.
"""

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from credentials import services
from registry.accounts.models import Membership
from registry.accounts.services import create_api_key
from tests.factories import (
    MembershipFactory,
    MicroCredentialVersionFactory,
    ProviderFactory,
    RegulatorFactory,
)

MAX_EXAMPLES = 25
SEED = 20260401
CALLERS = ("anonymous", "institution_admin_key", "read_only_key", "regulator_key")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
        },
        # Explicit examples and fuzzing. The coverage phase is left out: it is unbounded (close
        # to 400 boundary cases for the micro-credential PATCH alone).
        "phases": {"coverage": {"enabled": False}},
    }
)
# The schema as the running application serves it (generating it reads no data).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), config=CONFIG)


class World:
    current = None
    """What the callers work on: one provider with a draft, a submitted version and a published
    micro-credential, another provider with one of its own, a regulator, and the reference data.
    Generated path parameters are mixed with these so that requests reach real objects too."""

    def __init__(self):
        self.provider = ProviderFactory(legal_name="University of Port Louis", slug="uopl")
        self.other_provider = ProviderFactory(legal_name="Ocean Business College", slug="ocean")
        self.admin = MembershipFactory(
            provider=self.provider, role=Membership.Role.ADMIN, user__username="admin"
        ).user
        self.regulator = RegulatorFactory(username="regulator")
        outsider = MembershipFactory(provider=self.other_provider).user

        draft = self._version(self.provider, self.admin)
        submitted = self._version(self.provider, self.admin)
        services.submit(actor=self.admin, version=submitted)
        published = self._version(self.provider, self.admin)
        services.submit(actor=self.admin, version=published)
        services.approve(actor=self.regulator, version=published, comment="Approved.")
        foreign = self._version(self.other_provider, outsider)
        services.submit(actor=outsider, version=foreign)

        versions = (draft, submitted, published, foreign)
        self.codes = [version.micro_credential.code for version in versions]
        self.version_ids = [version.pk for version in versions]
        self.keys = {
            "anonymous": None,
            "institution_admin_key": self._key(self.admin, self.provider, ("read", "write")),
            "read_only_key": self._key(self.admin, self.provider, ("read",)),
            "regulator_key": self._key(self.regulator, None, ("read", "write")),
        }

    @staticmethod
    def _version(provider, member):
        return MicroCredentialVersionFactory(
            micro_credential__provider=provider, micro_credential__created_by=member
        )

    @staticmethod
    def _key(actor, provider, scopes) -> str:
        _key, plaintext = create_api_key(
            actor=actor, provider=provider, name="Conformance run", scopes=scopes
        )
        return plaintext

    def known_values(self, path: str) -> dict[str, list]:
        """Real values for the path parameters of the operation at `path`."""
        if path.startswith("/api/v1/frameworks/"):
            return {"code": ["MU-NQF", "EQF"], "level_code": ["6", "1"]}
        if path.startswith("/api/v1/credit-systems/"):
            return {"code": ["MU-HE-CREDIT", "ECTS"]}
        if path.startswith("/api/v1/fields-of-study/"):
            return {"code": ["06", "061", "0613"]}
        return {
            "slug": [self.provider.slug, self.other_provider.slug],
            "code": self.codes,
            "id": self.version_ids,
            "pk": self.version_ids,
        }


@pytest.fixture(params=CALLERS)
def caller(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, built in a transaction that is rolled back at its end. Each
    example runs in a savepoint of its own test's transaction and is undone after it."""
    # The WSGI handler closes unusable connections when a request finishes, as in production;
    # here the connection holds the test's transaction, so it must outlive every request (as
    # Django's test client arranges too).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Throttling has its own test; here it would only make the run depend on its speed.
    rates = {"DEFAULT_THROTTLE_RATES": {"api_key": "1000000/minute"}}
    with (
        django_db_blocker.unblock(),
        override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rates}),
        transaction.atomic(),
    ):
        World.current = World()
        yield World.current
        World.current = None
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call_in_savepoint(case, headers):
    """Send the request, then undo what it wrote: every example starts from the same world, and
    a failed statement cannot poison the examples after it."""
    savepoint = transaction.savepoint()
    try:
        return case.call(headers=headers)
    finally:
        transaction.savepoint_rollback(savepoint)


@schema.hooks.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time, replace each generated path parameter by a real one of the test's world."""
    if not path_parameters:
        return st.just(path_parameters)
    known = World.current.known_values(context.operation.path)
    real = {
        name: st.sampled_from(known[name]) if name in known else st.just(value)
        for name, value in path_parameters.items()
    }
    return st.one_of(st.just(path_parameters), st.fixed_dictionaries(real))


@schema.parametrize()
@hypothesis.settings(
    # `db` is function-scoped on purpose: each example is undone by `call_in_savepoint`.
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ]
)
def test_every_response_conforms_to_the_schema(case, db, world, caller):
    key = world.keys[caller]
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = call_in_savepoint(case, headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
