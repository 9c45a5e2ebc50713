"""Writes on accounts: people, their roles at providers and the regulators' group."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from registry.accounts.models import Membership, User

REGULATORS_GROUP = "Regulators"
# Apps whose records regulators keep in the admin (reference data, providers, people).
REGULATOR_APPS = ("frameworks", "providers", "accounts", "credentials")


def ensure_regulators_group() -> Group:
    """The group that gives regulator officers the admin permissions for the register."""
    group, _ = Group.objects.get_or_create(name=REGULATORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=REGULATOR_APPS))
    return group


@transaction.atomic
def create_regulator(*, username: str, email: str, password: str, **names) -> User:
    user = User.objects.create_user(
        username=username, email=email, password=password, is_regulator=True, is_staff=True, **names
    )
    user.groups.add(ensure_regulators_group())
    return user


@transaction.atomic
def add_member(*, provider, username: str, email: str, password: str, role: str, **names) -> User:
    user = User.objects.create_user(username=username, email=email, password=password, **names)
    Membership.objects.create(user=user, provider=provider, role=role)
    return user
