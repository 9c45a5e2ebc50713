"""The automatic checks of a submission are "checks" from now on; "verify" is kept for awards."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0005_search_tags"),
    ]

    operations = [
        migrations.RenameModel(old_name="VerificationReport", new_name="CheckReport"),
        migrations.AlterField(
            model_name="checkreport",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="check_reports",
                to="credentials.microcredentialversion",
            ),
        ),
    ]
