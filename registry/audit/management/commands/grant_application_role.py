"""Give the running application's database role what it needs and nothing more.

Run it as the role that owns the tables (the one that runs `migrate`), after every migration:

    python manage.py grant_application_role registry_app --password-env APP_DATABASE_PASSWORD

The role may read and write the ordinary tables and use their sequences, but on the audit trail
it may only read and append: no UPDATE, DELETE or TRUNCATE, no TRIGGER, no ownership. It must not
be a superuser, which bypasses all of that. Idempotent; creates the role (LOGIN) when it does not
exist yet and a password is given, and sets the password again when one is given.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from registry.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Grant the application's database role its privileges (audit trail: read and append)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role web, worker and beat connect as.")
        parser.add_argument(
            "--password-env",
            metavar="NAME",
            help="An environment variable holding the role's password (creates a missing role).",
        )

    def handle(self, *args, role, password_env, **options):
        password = os.environ.get(password_env, "") if password_env else ""
        if password_env and not password:
            raise CommandError(f"{password_env} is empty or unset.")
        audit_table = AuditEvent._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:

            def run(statement: sql.Composable) -> None:
                cursor.execute(statement.as_string(connection.connection))

            cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            name = sql.Identifier(role)
            if found is None:
                if not password:
                    raise CommandError(
                        f"The role {role} does not exist; give --password-env to create it."
                    )
                run(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(name, sql.Literal(password)))
            elif found[0] or found[1]:
                raise CommandError(
                    f"The role {role} is a superuser (or bypasses row security): it would bypass "
                    "the audit trail's protection. Use an ordinary role."
                )
            elif password:
                run(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(password)))
            cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [audit_table])
            if cursor.fetchone()[0] == role:
                raise CommandError(f"The role {role} owns {audit_table}; use another role.")
            run(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(connection.settings_dict["NAME"]), name
                )
            )
            for statement in (
                "GRANT USAGE ON SCHEMA public TO {role}",
                "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                "REVOKE ALL ON {audit} FROM {role}",
                "GRANT SELECT, INSERT ON {audit} TO {role}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            ):
                run(sql.SQL(statement).format(role=name, audit=sql.Identifier(audit_table)))
        self.stdout.write(
            f"{role}: read and write on the tables, read and append only on {audit_table}."
        )
