"""Factories for people, providers and micro-credentials. Micro-credential factories use the
registry's real reference data (load it with the `reference_data` fixture first)."""

import time
from decimal import Decimal

import factory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from credentials.models import MicroCredential, MicroCredentialVersion
from frameworks.models import CreditSystem, FieldOfStudy, Level
from registry.accounts.models import Membership, User
from registry.providers.models import Provider, RecognitionType

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class RegulatorFactory(UserFactory):
    """A regulator officer with a confirmed authenticator app (regulators must have one)."""

    is_regulator = True
    is_staff = True

    @factory.post_generation
    def authenticator(user, create, extracted, **kwargs):
        if create:
            TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """A code `device` accepts now: the one it shows, or, if that one was already used (a code
    works once), the next period's, which it accepts too."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"provider-{n}")
    legal_name = factory.Sequence(lambda n: f"Provider {n} Ltd")
    provider_type = Provider.Type.PUBLIC_HEI
    country = "MU"
    contact_email = factory.LazyAttribute(lambda provider: f"quality@{provider.slug}.example.org")
    status = Provider.Status.REGISTERED
    registered_at = factory.LazyFunction(timezone.now)
    scope_highest_level = 8
    scope_recognition_types = factory.LazyFunction(lambda: list(RecognitionType.values))

    @factory.post_generation
    def scope(provider, create, extracted, **kwargs):
        """Scope: MU-NQF, and the ICT (06) and business (04) fields, when reference data exists."""
        if not create:
            return
        from frameworks.models import QualificationsFramework

        provider.scope_frameworks.set(QualificationsFramework.objects.filter(code="MU-NQF"))
        provider.scope_fields.set(FieldOfStudy.objects.filter(code__in=["06", "04"]))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)
    role = Membership.Role.STAFF


class MicroCredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MicroCredential

    provider = factory.SubFactory(ProviderFactory)
    created_by = factory.SubFactory(UserFactory)


class MicroCredentialVersionFactory(factory.django.DjangoModelFactory):
    """A complete draft: MU-NQF level 6, 12 credits of 10 hours, software development (0613)."""

    class Meta:
        model = MicroCredentialVersion

    micro_credential = factory.SubFactory(MicroCredentialFactory)
    number = 1
    created_by = factory.LazyAttribute(lambda version: version.micro_credential.created_by)
    title = factory.Sequence(lambda n: f"Cloud security fundamentals {n}")
    summary = "Secure cloud workloads for small organisations."
    learning_outcomes = factory.LazyFunction(
        lambda: [
            "Configure identity and access management for a cloud account",
            "Assess the security posture of a small cloud deployment",
        ]
    )
    level = factory.LazyFunction(lambda: Level.objects.get(framework__code="MU-NQF", code="6"))
    credits = Decimal("12")
    credit_system = factory.LazyFunction(lambda: CreditSystem.objects.get(code="MU-HE-CREDIT"))
    notional_hours = 120
    assessment_type = "project"
    assessment_description = "A graded project securing a sample deployment."
    participation_mode = "online"
    pacing = "guided"
    quality_assurance = "Internal QA by the university senate; external examiner."
    recognition_type = RecognitionType.ACCREDITED
    field_of_study = factory.LazyFunction(lambda: FieldOfStudy.objects.get(code="0613"))
    skills = factory.LazyFunction(lambda: ["cloud security", "identity management"])
    languages = factory.LazyFunction(lambda: ["en"])
