from django.db import migrations, models
from django.db.models import F


def mark_issued_batches_notified(apps, schema_editor):
    """Batches issued before this field existed sent their learners' e-mails as they ran."""
    IssuanceBatch = apps.get_model("awards", "IssuanceBatch")
    IssuanceBatch.objects.filter(state="done").update(learners_notified_at=F("finished_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_learner_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="issuancebatch",
            name="learners_notified_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the batch's learners were sent their links (after it was issued).",
                null=True,
            ),
        ),
        migrations.RunPython(mark_issued_batches_notified, migrations.RunPython.noop),
    ]
