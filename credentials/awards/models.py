"""Awards: credentials issued to learners for a published micro-credential version, signed as
Open Badges 3.0 credentials with their provider's key, and the keys and status lists behind them.

An `Award` keeps the signed credential exactly as it was issued (verification by code reads it,
never re-signs it); revocation flips the award's bit in its provider's `StatusList`, whose signed
`BitstringStatusListCredential` is re-signed at once. An `IssuanceBatch` is a validated bulk
upload, recorded before its task is queued.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 5  # 20 characters of 5 bits: 100 bits, unguessable


def new_verification_code() -> str:
    """An unguessable code such as 7K3Q9-X2MHP-4RT8W-ZC5NA (no 0 or O, 1 or I to misread): 100
    random bits, five per character of the 32-letter alphabet."""
    bits = secrets.randbits(CODE_GROUPS * CODE_GROUP_LENGTH * 5)
    letters = "".join(
        CODE_ALPHABET[(bits >> (5 * n)) & 31] for n in range(CODE_GROUPS * CODE_GROUP_LENGTH)
    )
    return "-".join(
        letters[i : i + CODE_GROUP_LENGTH] for i in range(0, len(letters), CODE_GROUP_LENGTH)
    )


def normalise_code(text: str) -> str:
    """A code as a person may type it (lower case, spaces, missing dashes) in its stored form."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(letters) != CODE_GROUPS * CODE_GROUP_LENGTH:
        return text.strip().upper()
    return "-".join(
        letters[i : i + CODE_GROUP_LENGTH]
        for i in range(0, CODE_GROUPS * CODE_GROUP_LENGTH, CODE_GROUP_LENGTH)
    )


def is_code(text: str) -> bool:
    """Whether `text` (as `normalise_code` gives it) is shaped like a verification code."""
    groups = text.split("-")
    return len(groups) == CODE_GROUPS and all(
        len(group) == CODE_GROUP_LENGTH and all(ch in CODE_ALPHABET for ch in group)
        for group in groups
    )


class SigningKey(models.Model):
    """An Ed25519 key of a provider. The current one signs; a retired one stays in the DID
    document (`assertionMethod`) so that what it signed keeps verifying."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="signing_keys"
    )
    fragment = models.CharField(max_length=64, help_text=_("Its id in the DID document."))
    public_key_multibase = models.CharField(max_length=64)
    encrypted_private_key = models.TextField(
        help_text=_("Encrypted with the key-encryption key (SIGNING_KEYS_KEK).")
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "fragment"], name="signing_key_unique_fragment"
            ),
            models.UniqueConstraint(
                fields=["provider"],
                condition=models.Q(retired_at__isnull=True),
                name="signing_key_one_current_per_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}#{self.fragment}"


class StatusList(models.Model):
    """A provider's revocation list: one bit per award, `size` bits (the Bitstring Status List
    minimum of 131,072 for herd privacy), and its signed `BitstringStatusListCredential`."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="status_lists"
    )
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    bits = models.BinaryField()
    next_index = models.PositiveIntegerField(default=0)
    credential = models.JSONField(help_text=_("The signed status list credential."))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["provider", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], name="status_list_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug} status list {self.number}"

    @property
    def is_full(self) -> bool:
        return self.next_index >= self.size


class IssuanceBatch(models.Model):
    """A bulk issuance: the validated rows of an uploaded file, issued by a task on the
    `issuance` queue. Recorded pending before the task is queued; the sweep queues it again if
    the task was lost. Issuing is idempotent on (provider, external id), so running it twice
    never duplicates a row."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="issuance_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    rows = models.JSONField(default=list, help_text=_("The validated rows, in file order."))
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    learners_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the batch's learners were sent their links (after it was issued)."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.issued * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class Award(models.Model):
    """A learner's award of one published micro-credential version."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="awards"
    )
    version = models.ForeignKey(
        "credentials.MicroCredentialVersion", on_delete=models.PROTECT, related_name="awards"
    )
    learner_name = models.CharField(_("learner's name"), max_length=200)
    learner_email = models.EmailField(_("learner's e-mail"))
    learner_identifier_hash = models.CharField(
        _("national or student identifier (salted hash)"), max_length=120, blank=True
    )
    result = models.CharField(_("result or grade"), max_length=200, blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    issued_on = models.DateField(_("issue date"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=128)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    credential = models.JSONField(help_text=_("The signed credential, as issued."))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    verification_count = models.PositiveIntegerField(default=0)
    language = models.CharField(
        _("learner's language"),
        max_length=8,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
        help_text=_("The language of the certificate and of the e-mail to the learner."),
    )
    certificate_name = models.CharField(
        _("stored certificate"),
        max_length=200,
        blank=True,
        help_text=_("The certificate PDF's name in the certificate storage, once rendered."),
    )
    certificate_requested_at = models.DateTimeField(
        _("certificate requested at"),
        null=True,
        blank=True,
        help_text=_("Set when rendering is queued; the sweep queues again what stays pending."),
    )
    public_page_visible = models.BooleanField(
        _("public page visible"),
        default=False,
        help_text=_("The learner's choice: hidden by default; the code verifies either way."),
    )
    batch = models.ForeignKey(
        IssuanceBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="awards"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"], name="award_unique_external_id"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="award_unique_status_index"
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "-created_at"], name="award_provider_newest"),
            # The certificates sweep reads the few awards whose rendering is pending.
            models.Index(
                fields=["certificate_requested_at"],
                condition=models.Q(certificate_requested_at__isnull=False),
                name="award_certificate_pending",
            ),
            # A learner's page lists their awards of one provider, whatever the e-mail's case.
            models.Index("provider", Upper("learner_email"), name="award_provider_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.verification_code} ({self.learner_name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return self.valid_until is not None and self.valid_until <= (now or timezone.now())

    @property
    def certificate_state(self) -> str:
        """ready (a PDF is stored, maybe being rendered again), pending (requested, not yet
        stored) or none (never requested)."""
        if self.certificate_name:
            return "ready"
        return "pending" if self.certificate_requested_at else "none"

    @property
    def state(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "valid"


def new_learner_token() -> str:
    """An unguessable token for a learner's link (256 bits, URL-safe); only its hash is kept."""
    return secrets.token_urlsafe(32)


def hash_learner_token(token: str) -> str:
    """The stored form of a learner's token: its SHA-256 (the token is random, so no salt)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class LearnerLink(models.Model):
    """A private link e-mailed to a learner: it opens the learner's page of their awards from
    one provider (all the awards of the provider to the learner's e-mail address, compared
    without regard to case). Only the token's hash is kept. A link works until `expires_at`;
    when the institution re-sends it, the learner's earlier links stop working
    (`replaced_at`). A bulk issuance sends one link per learner (`batch`)."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="learner_links"
    )
    learner_email = models.EmailField(_("learner's e-mail"), help_text=_("In lower case."))
    token_hash = models.CharField(max_length=64, unique=True)
    batch = models.ForeignKey(
        IssuanceBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learner_links",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "learner_email"],
                condition=models.Q(batch__isnull=False),
                name="learner_link_one_per_batch",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "learner_email"], name="learner_link_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}: {self.learner_email}"

    def is_usable(self, now=None) -> bool:
        return self.replaced_at is None and self.expires_at > (now or timezone.now())


def new_public_id() -> str:
    """An unguessable id (192 bits) for a bulk verification's results: whoever holds it may read
    them, nobody else can find them."""
    return secrets.token_urlsafe(24)


class VerificationBatch(models.Model):
    """A bulk verification: a CSV of codes or a ZIP of credential files uploaded by anyone (an
    employer, an admissions office), with a verdict per row. Small uploads are verified at once;
    larger ones are recorded pending and verified by a task on the `verification` queue, chunk by
    chunk (each chunk's verdicts, counts and progress in one transaction, so running it twice
    counts nothing twice). Read only through `public_id`; purged after `expires_at`."""

    class Kind(models.TextChoices):
        CODES = "codes", _("Verification codes")
        FILES = "files", _("Credential files")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Verifying")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.CharField(max_length=64, unique=True, default=new_public_id)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    language = models.CharField(max_length=8, default="en")
    upload = models.BinaryField(
        default=bytes, help_text=_("The uploaded file, kept until it is verified.")
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    columns = models.JSONField(
        default=list, help_text=_("Names of the extra columns echoed back (codes files).")
    )
    results = models.JSONField(default=list, help_text=_("A verdict per row, in file order."))
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"], name="verification_batch_expiry")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ProviderBranding(models.Model):
    """How a provider's certificates look: its logo (PNG, JPEG or SVG, checked and kept in the
    database, at most 512 KB) and its colour. Changing it renders the provider's certificates
    again."""

    provider = models.OneToOneField(
        "providers.Provider", on_delete=models.CASCADE, related_name="branding"
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(_("logo type"), max_length=32, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1f4e79")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.provider.slug} branding"
