"""Factories for the frameworks app (import as `tests.frameworks.factories`)."""

from decimal import Decimal

import factory

from frameworks.models import CreditSystem, Level, LevelReference, QualificationsFramework, Relation


class CreditSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditSystem

    code = factory.Sequence(lambda n: f"TEST-CREDIT-{n}")
    name = factory.Sequence(lambda n: f"Test credit {n}")
    jurisdiction = "Testland"
    hours_per_credit_min = Decimal("10")
    hours_per_credit_max = Decimal("10")


class QualificationsFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationsFramework

    code = factory.Sequence(lambda n: f"TEST-QF-{n}")
    name = factory.Sequence(lambda n: f"Test qualifications framework {n}")
    short_name = factory.Sequence(lambda n: f"TQF{n}")
    jurisdiction = "Testland"
    jurisdiction_code = "TL"
    credit_system = factory.SubFactory(CreditSystemFactory)


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    framework = factory.SubFactory(QualificationsFrameworkFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda level: str(level.ordinal))
    title = factory.LazyAttribute(lambda level: f"Level {level.ordinal}")


class LevelReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelReference

    from_level = factory.SubFactory(LevelFactory)
    to_level = factory.SubFactory(LevelFactory)
    to_framework = factory.LazyAttribute(lambda reference: reference.to_level.framework)
    relation = Relation.REFERENCED
