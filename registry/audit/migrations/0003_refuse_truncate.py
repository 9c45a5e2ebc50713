"""TRUNCATE skips row triggers: a statement trigger refuses it too. Roles that bypass triggers
(superusers, the table's owner) are kept away from the running application by granting it only
SELECT and INSERT on this table (`manage.py grant_application_role`)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunSQL(CREATE, DROP)]
