"""The automatic checks run on every submission, written for the reviewer to read.

Each check answers pass, warn or fail with one sentence a person understands. None of them refuses
a submission: they are findings for the reviewer. Framework size rules come from the database
(`frameworks.FrameworkRule` marked checked on submission), so a regulator edits them without
a release.
"""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials.models import CheckReport, MicroCredentialVersion, Status
from frameworks.models import FrameworkRule
from registry.audit.services import record_event

PASS, WARN, FAIL = "pass", "warn", "fail"
DUPLICATE_SIMILARITY = 0.8
# Notional hours within this share outside the credit system's range only warn.
HOURS_TOLERANCE = Decimal("0.2")


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    status: str
    message: str


def check_provider_registered(version: MicroCredentialVersion) -> Check:
    provider = version.micro_credential.provider
    if provider.is_registered:
        return Check(
            "provider_registered",
            _("Provider registered"),
            PASS,
            _("%(p)s is a registered provider.") % {"p": provider.display_name},
        )
    return Check(
        "provider_registered",
        _("Provider registered"),
        FAIL,
        _("%(p)s is not registered (status: %(s)s).")
        % {"p": provider.display_name, "s": provider.get_status_display().lower()},
    )


def check_scope_level(version: MicroCredentialVersion) -> Check:
    provider = version.micro_credential.provider
    level = version.level
    name = _("Level in scope")
    frameworks = set(provider.scope_frameworks.values_list("pk", flat=True))
    if level.framework_id not in frameworks:
        return Check(
            "scope_level",
            name,
            FAIL,
            _("The provider is not accredited for the %(f)s framework.")
            % {"f": level.framework.code},
        )
    highest = provider.scope_highest_level
    if highest is not None and level.ordinal > highest:
        return Check(
            "scope_level",
            name,
            FAIL,
            _("Level %(l)s is above the highest level the provider is accredited for (%(h)s).")
            % {"l": level.code, "h": highest},
        )
    return Check(
        "scope_level",
        name,
        PASS,
        _("%(f)s level %(l)s is within the provider's scope.")
        % {"f": level.framework.code, "l": level.code},
    )


def check_scope_field(version: MicroCredentialVersion) -> Check:
    provider = version.micro_credential.provider
    field = version.field_of_study
    name = _("Field of study in scope")
    codes = list(provider.scope_fields.values_list("code", flat=True))
    if any(field.code.startswith(code) for code in codes):
        return Check(
            "scope_field",
            name,
            PASS,
            _("Field %(c)s %(n)s is within the provider's scope.")
            % {"c": field.code, "n": field.name},
        )
    return Check(
        "scope_field",
        name,
        FAIL,
        _("Field %(c)s %(n)s is outside the provider's accredited fields.")
        % {"c": field.code, "n": field.name},
    )


def check_scope_recognition(version: MicroCredentialVersion) -> Check:
    provider = version.micro_credential.provider
    name = _("Recognition type in scope")
    label = version.get_recognition_type_display()
    if version.recognition_type in provider.scope_recognition_types:
        return Check(
            "scope_recognition",
            name,
            PASS,
            _("The provider may award “%(t)s” micro-credentials.") % {"t": label},
        )
    return Check(
        "scope_recognition",
        name,
        FAIL,
        _("The provider may not award “%(t)s” micro-credentials.") % {"t": label},
    )


def check_credits_and_hours(version: MicroCredentialVersion) -> Check:
    system = version.credit_system
    name = _("Credits consistent with notional hours")
    if system.hours_per_credit_min is None:
        return Check(
            "credits_hours",
            name,
            WARN,
            _("%(s)s defines no notional hours per credit, so credits cannot be checked.")
            % {"s": system.name},
        )
    low = version.credits * system.hours_per_credit_min
    high = version.credits * (system.hours_per_credit_max or system.hours_per_credit_min)
    hours = Decimal(version.notional_hours)
    values = {
        "c": _number(version.credits),
        "s": system.code,
        "lo": _number(low),
        "hi": _number(high),
        "h": version.notional_hours,
    }
    expected = (_("%(lo)s hours") if low == high else _("%(lo)s–%(hi)s hours")) % values
    values["e"] = expected
    if low <= hours <= high:
        return Check(
            "credits_hours",
            name,
            PASS,
            _("%(h)s hours matches %(c)s %(s)s credits (%(e)s).") % values,
        )
    if low * (1 - HOURS_TOLERANCE) <= hours <= high * (1 + HOURS_TOLERANCE):
        return Check(
            "credits_hours",
            name,
            WARN,
            _("%(h)s hours is close to, but outside, %(e)s expected for %(c)s %(s)s credits.")
            % values,
        )
    return Check(
        "credits_hours",
        name,
        FAIL,
        _("%(h)s hours does not match %(c)s %(s)s credits, which means %(e)s.") % values,
    )


def check_size_rules(version: MicroCredentialVersion) -> list[Check]:
    rules = FrameworkRule.objects.filter(
        framework=version.level.framework_id, checked_on_submission=True
    ).filter(Q(applies_to_kind="") | Q(applies_to_kind=version.kind))
    checks = []
    for rule in rules:
        problem = rule.violation(credits=version.credits, hours=version.notional_hours)
        status = FAIL if problem else PASS
        message = problem or _("Meets the rule: %(r)s.") % {"r": rule.description}
        checks.append(Check(f"size_rule_{rule.pk}", _("Framework size rule"), status, message))
    return checks


def check_learning_outcomes(version: MicroCredentialVersion) -> Check:
    name = _("Learning outcomes")
    count = len([o for o in version.learning_outcomes if o.strip()])
    if count == 0:
        return Check("learning_outcomes", name, FAIL, _("No learning outcome is stated."))
    return Check(
        "learning_outcomes", name, PASS, _("%(n)d learning outcome(s) stated.") % {"n": count}
    )


def check_duplicates(version: MicroCredentialVersion) -> Check:
    name = _("Likely duplicates")
    others = (
        MicroCredentialVersion.objects.for_provider(version.micro_credential.provider)
        .exclude(micro_credential=version.micro_credential)
        .exclude(status__in=[Status.REJECTED, Status.WITHDRAWN, Status.SUPERSEDED])
        .values_list("title", "micro_credential__code")
    )
    title = version.title.casefold()
    similar = sorted(
        {
            f"{code} “{other}”"
            for other, code in others
            if SequenceMatcher(None, title, other.casefold()).ratio() >= DUPLICATE_SIMILARITY
        }
    )
    if similar:
        return Check(
            "duplicates",
            name,
            WARN,
            _("Similar titles at this provider: %(l)s.") % {"l": "; ".join(similar)},
        )
    return Check("duplicates", name, PASS, _("No similar title at this provider."))


def run_checks(version: MicroCredentialVersion) -> list[Check]:
    return [
        check_provider_registered(version),
        check_scope_level(version),
        check_scope_field(version),
        check_scope_recognition(version),
        check_credits_and_hours(version),
        *check_size_rules(version),
        check_learning_outcomes(version),
        check_duplicates(version),
    ]


def outcome_of(checks: list[Check]) -> str:
    statuses = {check.status for check in checks}
    if FAIL in statuses:
        return CheckReport.Outcome.FAIL
    if WARN in statuses:
        return CheckReport.Outcome.WARN
    return CheckReport.Outcome.PASS


@transaction.atomic
def complete_report(report_id: int) -> CheckReport | None:
    """Run the checks for a pending report. A report already complete is left alone, so running
    the task twice changes nothing."""
    report = (
        CheckReport.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=report_id, state=CheckReport.State.PENDING)
        .first()
    )
    if report is None:
        return None
    version = MicroCredentialVersion.objects.with_related().get(pk=report.version_id)
    checks = run_checks(version)
    report.checks = [asdict(check) for check in checks]
    report.outcome = outcome_of(checks)
    report.state = CheckReport.State.COMPLETE
    report.completed_at = timezone.now()
    report.save(update_fields=["checks", "outcome", "state", "completed_at"])
    record_event(
        actor=None,
        action="micro_credential.checks_completed",
        obj=version,
        provider=version.micro_credential.provider,
        after={"outcome": report.outcome},
    )
    return report


# The sweep queues a pending report again after its delay (5 minutes, doubling with each
# attempt, at most 6 hours); after MAX_ATTEMPTS it is marked failed for a regulator to retry.
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def record_failure(report_id: int, error: Exception) -> None:
    """Keep why the checks could not run, for the reviewer (the sweep tries again later)."""
    CheckReport.objects.filter(pk=report_id, state=CheckReport.State.PENDING).update(
        last_error=f"{type(error).__name__}: {error}"[:2000]
    )


@transaction.atomic
def sweep_pending(now: datetime | None = None) -> tuple[list[int], list[int]]:
    """Reports still pending after their delay: queue them again, or, after `MAX_ATTEMPTS`, mark
    them failed. Returns (queued again, failed); the queueing happens once this commits."""
    now = now or timezone.now()
    due = (
        CheckReport.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("version__micro_credential__provider")
        .filter(state=CheckReport.State.PENDING, queued_at__lte=now - FIRST_RETRY)
        .order_by("queued_at")[:1000]
    )
    requeued, failed = [], []
    for report in due:
        if now - report.queued_at < retry_delay(report.attempts):
            continue
        if report.attempts >= MAX_ATTEMPTS:
            report.state = CheckReport.State.FAILED
            report.last_error = report.last_error or _(
                "The checks did not complete after %(n)d attempts."
            ) % {"n": report.attempts}
            report.save(update_fields=["state", "last_error"])
            record_event(
                actor=None,
                action="micro_credential.checks_failed",
                obj=report.version,
                provider=report.version.micro_credential.provider,
                after={"attempts": report.attempts, "error": report.last_error},
            )
            failed.append(report.pk)
        else:
            report.attempts += 1
            report.queued_at = now
            report.save(update_fields=["attempts", "queued_at"])
            requeued.append(report.pk)
    return requeued, failed


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"
