"""Fixtures for the signing tests: an issuer, and the independent JS verifier.

Where node exists but `tests/js_verifier/node_modules` does not (a fresh clone), the `js_verifier`
fixture runs `npm ci` once; without node the JS tests are skipped, saying so.
"""

import shutil

import pytest

from tests.credentials.signing.issuing import Issuer, new_issuer
from tests.credentials.signing.js_harness import JsVerifier, install_problem


@pytest.fixture
def issuer() -> Issuer:
    return new_issuer()


@pytest.fixture(scope="session")
def js_verifier() -> JsVerifier:
    problem = install_problem()
    if problem:
        pytest.skip(problem)
    return JsVerifier(shutil.which("node"))
