"""The independent JS verifier (Digital Bazaar's stack in `tests/js_verifier/`), run one node
process per batch of documents."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from credentials.signing.document_loader import CONTEXTS_DIR

JS_VERIFIER_DIR = Path(__file__).resolve().parents[2] / "js_verifier"
NOW = "2026-06-01T00:00:00Z"


class JsVerifier:
    """`tests/js_verifier/verify.mjs`: one node process per call, many documents each."""

    def __init__(self, node: str):
        self.node = node

    def run(self, **job: Any) -> dict:
        job = {"contexts_dir": str(CONTEXTS_DIR), "now": NOW, **job}
        completed = subprocess.run(
            [self.node, str(JS_VERIFIER_DIR / "verify.mjs")],
            input=json.dumps(job, ensure_ascii=False).encode(),
            capture_output=True,
            timeout=600,
            check=False,
        )
        if completed.returncode != 0:
            raise AssertionError(f"verify.mjs failed: {completed.stderr.decode()[-3000:]}")
        return json.loads(completed.stdout)

    def verify(self, credentials: list, did_documents: list, status_lists: list = ()) -> list:
        return self.run(
            credentials=credentials,
            did_documents=did_documents,
            status_list_credentials=list(status_lists),
        )["results"]

    def canonicalize(self, documents: list) -> list:
        return self.run(canonicalize=documents)["canonical"]


def install_problem() -> str | None:
    """Why the verifier cannot run here, or None. Runs `npm ci` once where node exists and
    `tests/js_verifier/node_modules` does not (a fresh clone)."""
    node = shutil.which("node")
    if node is None:
        return "the independent JS verifier needs node (apt-get install nodejs npm)"
    if (JS_VERIFIER_DIR / "node_modules").is_dir():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "tests/js_verifier/node_modules is missing and npm is not installed"
    installed = subprocess.run(
        [npm, "ci", "--prefix", str(JS_VERIFIER_DIR), "--no-audit", "--no-fund"],
        capture_output=True,
        timeout=900,
        check=False,
    )
    if installed.returncode != 0:
        return f"npm ci in tests/js_verifier failed: {installed.stderr.decode()[-500:]}"
    return None
