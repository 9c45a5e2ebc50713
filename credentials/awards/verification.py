"""Verdicts on awards, for an employer: by verification code (the register's own record, read
as issued, never re-canonicalized) or of an uploaded credential (fully verified: its signature
against the issuer's DID document as the register publishes it, its status list bit, its
issuer in the register).

Verdicts: valid, revoked, expired, tampered (the signature does not verify), unknown. A valid
verdict may carry warnings: the provider is no longer registered, is out of scope for the
micro-credential, or the version was not approved on the issue date.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from credentials.awards import keyring, links, selectors, services
from credentials.awards.models import (
    CODE_ALPHABET,
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    Award,
    StatusList,
    is_code,
    normalise_code,
)
from credentials.certificates.extraction import (
    MAX_PDF_BYTES,
    CertificateFileError,
    extract_credential,
    first_page_text,
)
from credentials.models import Status
from credentials.signing import did_web, eddsa, status_list
from credentials.signing.shared_subtrees import SharedSubtrees
from registry.core.process_cache import kept_for
from registry.providers.models import Provider

VALID, REVOKED, EXPIRED, TAMPERED, UNKNOWN = "valid", "revoked", "expired", "tampered", "unknown"
# Verdicts of bulk rows only: a cell that is no verification code, a file holding no credential.
MALFORMED, UNREADABLE = "malformed", "unreadable"
# A certificate PDF whose attached credential is another award's than the code printed on it.
MISMATCHED = "mismatched"
_GROUP = f"[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}"
PRINTED_CODE = re.compile(rf"(?<![0-9A-Z]){_GROUP}(?:-{_GROUP}){{{CODE_GROUPS - 1}}}(?![0-9A-Z])")
MAX_JSON_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = max(MAX_JSON_BYTES, MAX_PDF_BYTES)  # what an upload may hold, PDFs included


@dataclass
class Verdict:
    outcome: str
    headline: str
    explanation: str = ""
    warnings: list[str] = field(default_factory=list)
    award: Award | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    valid_until: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "verdict": self.outcome,
            "headline": self.headline,
            "explanation": self.explanation,
            "warnings": self.warnings,
        }
        award = self.award
        if award is not None:
            version = award.version
            provider = award.provider
            body["award"] = {
                "verification_code": award.verification_code,
                "learner_name": award.learner_name,
                "result": award.result,
                "issued_on": award.issued_on.isoformat(),
                "valid_until": award.valid_until.isoformat() if award.valid_until else None,
                "revoked_at": award.revoked_at.isoformat() if award.revoked_at else None,
                "revocation_reason": award.revocation_reason or None,
                "credential_url": links.credential_url(award.verification_code),
                "micro_credential": {
                    "code": version.micro_credential.code,
                    "title": version.title,
                    "version": version.number,
                    "level": f"{version.level.framework.code} {version.level.code}",
                    "credits": str(version.credits),
                    "credit_system": version.credit_system.code,
                    "url": links.record_url(version.micro_credential.code),
                },
                "provider": {
                    "name": provider.display_name,
                    "status": provider.status,
                    "url": links.provider_url(provider.slug),
                },
            }
        return body


def _unknown() -> Verdict:
    return Verdict(
        UNKNOWN,
        _("Not found in the register"),
        _(
            "No award with this code or credential was issued through the register. Check the "
            "code for typing mistakes; if it is right, the credential is not one the register "
            "can vouch for."
        ),
    )


SCOPE_SECONDS = 60


def _scope_problems(version) -> list[str]:
    """The provider's scope problems for the version, kept in the process for a minute: a
    regulator's change of scope shows in verdicts within a minute, and a verification costs no
    scope queries."""
    language = get_language()  # the problems are sentences in the reader's language
    key = ("awards:scope", version.micro_credential.provider_id, version.pk, language)
    return kept_for(SCOPE_SECONDS, key, lambda: services.scope_problems(version))


def _warnings(award: Award) -> list[str]:
    provider, version = award.provider, award.version
    warnings = []
    if provider.status != Provider.Status.REGISTERED:
        warnings.append(
            _(
                "The provider %(provider)s is now %(status)s in the register. The award was "
                "issued while it was registered; ask the provider if in doubt."
            )
            % {"provider": provider.display_name, "status": provider.get_status_display().lower()}
        )
    problems = _scope_problems(version)
    if problems:
        warnings.append(
            _("The provider is now outside its accredited scope for this micro-credential: %(why)s")
            % {"why": " ".join(problems)}
        )
    approved = version.published_at.date() if version.published_at else None
    if approved is None or award.issued_on < approved:
        warnings.append(
            _("The micro-credential was not yet approved on the issue date (%(date)s).")
            % {"date": _day(award.issued_on)}
        )
    if version.status == Status.SUSPENDED:
        warnings.append(_("The regulator has since suspended this micro-credential."))
    return warnings


def _day(day: date) -> str:
    """A date as an employer reads it, in the page's language ("29 November 2026")."""
    return _formatted_day(day, get_language())


@lru_cache(maxsize=4096)
def _formatted_day(day: date, language: str | None) -> str:
    """`_day` for a language (formatting a date costs more than the rest of a verdict)."""
    return date_format(day, "j F Y")


def _award_verdict(award: Award, *, revoked: bool) -> Verdict:
    version, provider = award.version, award.provider
    if revoked:
        return Verdict(
            REVOKED,
            _("Revoked"),
            _("%(provider)s revoked this award on %(date)s. Reason given: %(reason)s")
            % {
                "provider": provider.display_name,
                "date": _day(timezone.localtime(award.revoked_at).date())
                if award.revoked_at
                else "?",
                "reason": award.revocation_reason or _("none"),
            },
            award=award,
            revoked_at=award.revoked_at,
            revocation_reason=award.revocation_reason,
        )
    if award.is_expired():
        return Verdict(
            EXPIRED,
            _("Expired"),
            _(
                "This award was genuine, but it was valid only until %(date)s: "
                "the micro-credential's awards must be renewed after %(months)s months."
            )
            % {
                "date": _day(award.valid_until.date()) if award.valid_until else "?",
                "months": version.validity_months,
            },
            award=award,
            valid_until=award.valid_until,
        )
    return Verdict(
        VALID,
        _("Valid"),
        _(
            "%(provider)s awarded “%(title)s” to %(learner)s on %(date)s. The register holds "
            "this award and it has not been revoked."
        )
        % {
            "provider": provider.display_name,
            "title": version.title,
            "learner": award.learner_name,
            "date": _day(award.issued_on),
        },
        warnings=_warnings(award),
        award=award,
        valid_until=award.valid_until,
    )


def verify_code(code: str, *, count: bool = True) -> Verdict:
    """The verdict on the award with this verification code, from the register's record
    (counted as a verification unless `count` is false: a view of the award's public page)."""
    award = selectors.award_by_code(code)
    if award is None:
        return _unknown()
    if count:
        services.count_verification(award.pk)
    return _award_verdict(award, revoked=award.is_revoked)


def malformed_code(text: str) -> Verdict:
    """The verdict on a bulk row whose cell is not a verification code at all."""
    if not text.strip():
        explanation = _("The row has no verification code.")
    else:
        explanation = _(
            "“%(text)s” is not a verification code: a code has 20 letters and digits in four "
            "groups of five, such as 7K3Q9-X2MHP-4RT8W-ZC5NA."
        ) % {"text": text.strip()[:60]}
    return Verdict(MALFORMED, _("Not a verification code"), explanation)


def unreadable_file(reason: str) -> Verdict:
    """The verdict on a bulk file that holds no credential to verify."""
    return Verdict(UNREADABLE, _("No credential in this file"), reason)


def verify_codes(codes: list[str], *, count: bool = True) -> list[Verdict]:
    """The verdicts on many codes at once, in order: one query for the awards, one update for
    their verification counts (each code checked counts once, as one check by code would);
    `count=False` leaves counting to the caller."""
    wanted = [normalise_code(code) for code in codes]
    found = selectors.awards_by_codes({code for code in wanted if is_code(code)})
    verdicts = []
    for text, code in zip(codes, wanted, strict=True):
        award = found.get(code)
        if award is not None:
            verdicts.append(_award_verdict(award, revoked=award.is_revoked))
        elif is_code(code):
            verdicts.append(_unknown())
        else:
            verdicts.append(malformed_code(text))
    if count:
        services.count_verifications(v.award.pk for v in verdicts if v.award is not None)
    return verdicts


def _tampered(explanation: str) -> Verdict:
    return Verdict(
        TAMPERED,
        _("Not genuine: the credential was altered"),
        _(
            "The digital signature does not match the content: the file was changed after the "
            "provider issued it, or it was not issued by the provider it names. Do not rely on "
            "it. (%(detail)s)"
        )
        % {"detail": explanation},
    )


def _issuer_did(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    return did if isinstance(did, str) and did.startswith("did:web:") else None


@dataclass(frozen=True)
class _Issuer:
    provider: Provider
    did_document: dict[str, Any]
    # Its keys, each decoded once (`did_web.assertion_key_resolver` keeps them).
    resolve_key: Callable[[str], Ed25519PublicKey | None]


def _load_issuer(did: str) -> _Issuer | None:
    """The provider in the register whose DID this is, and its DID document; None if none."""
    provider = Provider.objects.filter(slug=did.rpartition(":")[2]).first()
    if provider is None or keyring.provider_did(provider) != did:
        return None
    document = keyring.did_document(provider)
    return _Issuer(provider, document, did_web.assertion_key_resolver([document]))


def _issuer(did: str, *, fresh: bool = False) -> _Issuer | None:
    """`_load_issuer(did)`, kept in the process for VERDICT_FACTS_SECONDS; `fresh`: read again
    (and kept so)."""
    seconds = settings.VERDICT_FACTS_SECONDS
    return kept_for(seconds, ("issuer", did), lambda: _load_issuer(did), renew=fresh)


@dataclass(frozen=True)
class _PublishedList:
    number: int
    credential: dict[str, Any]
    bits: status_list.StatusBitstring


def _load_status_list(pk: int) -> _PublishedList:
    number, credential = StatusList.objects.values_list("number", "credential").get(pk=pk)
    encoded = credential["credentialSubject"]["encodedList"]
    return _PublishedList(number, credential, status_list.StatusBitstring.decode(encoded))


def _published_list(pk: int, *, fresh: bool = False) -> _PublishedList:
    """A status list as the register publishes it, kept in the process for
    VERDICT_FACTS_SECONDS; `fresh`: read again (and kept so)."""
    seconds = settings.VERDICT_FACTS_SECONDS
    return kept_for(seconds, ("status-list", pk), lambda: _load_status_list(pk), renew=fresh)


def _bit_in(published: _PublishedList, entry: dict[str, Any], provider: Provider) -> bool | None:
    if entry.get("statusListCredential") != links.status_list_url(provider.slug, published.number):
        return None
    try:
        return status_list.entry_status(entry, published.credential, published.bits).set
    except (status_list.StatusListError, KeyError, ValueError):
        return None


def _revoked_bit(provider: Provider, entry: Any, award: Award) -> bool | None:
    """The revocation bit the credential's status entry names in the award's status list, as the
    register publishes it; None when the entry is not the award's own (another list or index)
    or cannot be read. The list kept in the process is read again when its bit disagrees with
    the award's own record (a revocation since), so a revocation shows at once."""
    if not isinstance(entry, dict) or entry.get("statusListIndex") != str(award.status_index):
        return None
    bit = _bit_in(_published_list(award.status_list_id), entry, provider)
    if bit is not None and bit != award.is_revoked:
        bit = _bit_in(_published_list(award.status_list_id, fresh=True), entry, provider)
    return bit


def _code_from_id(credential_id: Any) -> str | None:
    if not isinstance(credential_id, str):
        return None
    base = urlsplit(settings.REGISTRY_BASE_URL)
    parts = urlsplit(credential_id)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    name = parts.path.rpartition("/")[2]
    return name.removesuffix(".json") if name.endswith(".json") else None


def parse_upload(data: bytes) -> Any:
    """The credential in an upload: a JSON credential, or a certificate PDF's attached one.
    ValueError, with a sentence for the person who uploaded it, if there is none."""
    if b"%PDF-" in data[:1024]:
        try:
            return extract_credential(data)
        except CertificateFileError as error:
            raise ValueError(error.messages[0]) from None
    if len(data) > MAX_JSON_BYTES:
        raise ValueError(_("The file is larger than 1 MB: it is not a credential."))
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError(
            _("The file is neither a JSON credential nor a certificate PDF.")
        ) from None


def printed_codes(pdf: bytes) -> frozenset[str] | None:
    """The verification codes printed on a certificate PDF's first page (read from its text,
    within limits); None when its text cannot be read."""
    text = first_page_text(pdf)
    if text is None:
        return None
    return frozenset(PRINTED_CODE.findall(text.upper()))


def verify_upload(data: bytes) -> Verdict:
    """The verdict on an uploaded credential or certificate PDF. A PDF's attached credential is
    fully verified and must also be the award of the code printed on the PDF. ValueError, with a
    sentence for the person who uploaded it, when the upload holds no credential."""
    document = parse_upload(data)
    if b"%PDF-" in data[:1024]:
        return verify_document(document, printed=printed_codes(data))
    return verify_document(document)


def _mismatched(printed: frozenset[str], attached: str) -> Verdict:
    return Verdict(
        MISMATCHED,
        _(
            "Not genuine: the credential attached to this PDF does not belong to the code "
            "printed on it"
        ),
        _(
            "The certificate shows the verification code %(printed)s, but the signed credential "
            "attached to the file is that of another award (%(attached)s). The file was put "
            "together from different certificates: do not rely on it. Verify the printed code on "
            "its own to see what the register holds for it."
        )
        % {"printed": ", ".join(sorted(printed)), "attached": attached},
    )


_thread = threading.local()


def _uploaded_subtrees() -> SharedSubtrees:
    """What the credentials uploaded to this process's thread share (the issuers' profiles, the
    achievements of popular micro-credentials), canonicalized once: bounded, and exact (see
    `credentials.signing.shared_subtrees`)."""
    shared = getattr(_thread, "shared_subtrees", None)
    if shared is None:
        shared = _thread.shared_subtrees = SharedSubtrees()
    return shared


def verify_document(
    document: Any, *, count: bool = True, printed: frozenset[str] | None = None
) -> Verdict:
    """Fully verify an uploaded credential. `count=False` leaves counting to the caller (a bulk
    verification counts a chunk's awards in one update). `printed`: for a certificate PDF, the
    codes printed on it (an empty set: none could be read), which must be the attached
    credential's."""
    if not isinstance(document, dict):
        return _unknown()
    did = _issuer_did(document)
    issuer = _issuer(did) if did else None
    if did is None or issuer is None:
        return _unknown()
    shared = _uploaded_subtrees()
    code = _code_from_id(document.get("id"))
    with selectors.award_read_ahead(code or "") as read_award:
        result = eddsa.verify_credential(document, issuer.resolve_key, shared=shared)
        award = read_award()
    if not result.valid:
        # The DID document kept may predate a key made since (a rotation): read it again.
        current = _issuer(did, fresh=True)
        if current is not None and current.did_document != issuer.did_document:
            issuer = current
            result = eddsa.verify_credential(document, issuer.resolve_key, shared=shared)
    provider = issuer.provider
    if not result.valid:
        return _tampered(result.message)
    if award is None or award.provider_id != provider.pk:
        return _unknown()
    revoked = _revoked_bit(provider, document.get("credentialStatus"), award)
    if revoked is None:
        return _tampered(_("its status entry is not the award's in the provider's status list"))
    if printed and printed != {award.verification_code}:
        return _mismatched(printed - {award.verification_code} or printed, award.verification_code)
    if count:
        services.count_verification(award.pk)
    verdict = _award_verdict(award, revoked=revoked)
    until = parse_datetime(str(document.get("validUntil", "")))
    if verdict.outcome == VALID and until is not None and until <= timezone.now():
        verdict = _award_verdict(award, revoked=False)
        verdict.outcome = EXPIRED
    if printed is not None and not printed:
        verdict.warnings.append(
            _(
                "No verification code could be read from the PDF's page: check that the learner "
                "and the micro-credential printed on it are the ones shown here."
            )
        )
    return verdict
