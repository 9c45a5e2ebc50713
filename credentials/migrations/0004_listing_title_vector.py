"""The title gets a small vector of its own for the first, cheap rank of every match; the full
weighted vector then ranks only the best candidates."""

import django.contrib.postgres.search
from django.db import migrations

FILL = """
UPDATE credentials_publiclisting l
   SET title_vector = setweight(to_tsvector(l.text_config::regconfig, v.title), 'A')
  FROM credentials_microcredentialversion v
 WHERE v.id = l.version_id;
"""


class Migration(migrations.Migration):
    dependencies = [("credentials", "0003_build_public_listings")]

    operations = [
        migrations.AddField(
            model_name="publiclisting",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(default=""),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
