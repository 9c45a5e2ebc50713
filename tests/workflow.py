"""A version brought to any status through the real services (the `workflow` fixture)."""

from credentials import services
from credentials.models import Status
from tests.factories import MicroCredentialVersionFactory


class Workflow:
    """Moves versions of `provider` through the services as `member` and `regulator` would."""

    def __init__(self, *, provider, member, regulator):
        self.provider = provider
        self.member = member
        self.regulator = regulator

    def new_draft(self, **fields):
        return MicroCredentialVersionFactory(
            micro_credential__provider=self.provider,
            micro_credential__created_by=self.member,
            **fields,
        )

    def version_in(self, status: str, **fields):
        """A version in `status`; for superseded, v1 of a micro-credential whose v2 is approved."""
        if status == Status.SUPERSEDED:
            first = self.version_in(Status.PUBLISHED, **fields)
            second = services.start_new_version(
                actor=self.member, micro_credential=first.micro_credential
            )
            services.submit(actor=self.member, version=second)
            services.approve(actor=self.regulator, version=second, comment="v2 is fine.")
            first.refresh_from_db()
            return first
        version = self.new_draft(**fields)
        steps = {
            Status.DRAFT: [],
            Status.SUBMITTED: [self.submit],
            Status.IN_REVIEW: [self.submit, self.start_review],
            Status.CHANGES_REQUESTED: [self.submit, self.request_changes],
            Status.PUBLISHED: [self.submit, self.approve],
            Status.REJECTED: [self.submit, self.reject],
            Status.WITHDRAWN: [self.submit, self.approve, self.withdraw],
            Status.SUSPENDED: [self.submit, self.approve, self.suspend],
        }[status]
        for step in steps:
            step(version)
        version.refresh_from_db()
        assert version.status == status
        return version

    # One service call per target status, each by the person allowed to make it.
    def submit(self, version):
        return services.submit(actor=self.member, version=version)

    def start_review(self, version):
        return services.start_review(actor=self.regulator, version=version)

    def request_changes(self, version):
        return services.request_changes(
            actor=self.regulator, version=version, comment="State the assessment criteria."
        )

    def approve(self, version):
        return services.approve(actor=self.regulator, version=version, comment="Approved.")

    def reject(self, version):
        return services.reject(
            actor=self.regulator, version=version, comment="Outside the provider's mandate."
        )

    def withdraw(self, version):
        return services.withdraw(actor=self.member, version=version, reason="Course discontinued.")

    def suspend(self, version):
        return services.suspend(
            actor=self.regulator, version=version, reason="Complaint under investigation."
        )

    def reinstate(self, version):
        return services.reinstate(
            actor=self.regulator, version=version, reason="Complaint resolved."
        )
