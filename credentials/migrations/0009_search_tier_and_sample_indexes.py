import django.contrib.postgres.indexes
import django.db.models.functions.math
import django.db.models.lookups
from django.db import migrations, models


def sample_index(every):
    """The text index of the listings whose id is a multiple of `every`: a regular sample."""
    return migrations.AddIndex(
        model_name="publiclisting",
        index=django.contrib.postgres.indexes.GinIndex(
            condition=models.Q(
                django.db.models.lookups.Exact(
                    django.db.models.functions.math.Mod("micro_credential_id", every), 0
                )
            ),
            fastupdate=False,
            fields=["search_vector"],
            name=f"listing_sample_{every}",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0008_search_at_scale_indexes"),
    ]

    operations = [
        # Five text indexes over up to a million listings: built in memory, not in runs on disk.
        migrations.RunSQL(
            "SET LOCAL maintenance_work_mem = '512MB'", reverse_sql=migrations.RunSQL.noop
        ),
        migrations.AddIndex(
            model_name="publiclisting",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["title_vector"], name="listing_title_vector"
            ),
        ),
        migrations.AddIndex(
            model_name="publiclisting",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(models.F("search_vector"), models.Value("{a,b}"), function="ts_filter"),
                fastupdate=False,
                name="listing_outline_vector",
            ),
        ),
        sample_index(256),
        sample_index(64),
        sample_index(16),
        sample_index(4),
    ]
