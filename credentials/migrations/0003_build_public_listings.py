"""Build the search listings of the micro-credentials already in the public register (a frozen
copy of the SQL in credentials.search.listing at the time of writing)."""

from django.db import migrations

BUILD_LISTINGS = """
INSERT INTO credentials_publiclisting (micro_credential_id, version_id, provider_id, provider_status, status, level_id, framework_id, level_ordinal, credits, credit_band, field_code, field_broad, recognition_type, participation_mode, languages, skills, published_at, text_config, search_vector)

    SELECT mc.id, v.id, p.id, p.status, v.status, l.id,
           l.framework_id, l.ordinal, v.credits,
    (CASE WHEN v.credits >= 40 THEN 5 WHEN v.credits >= 20 THEN 4 WHEN v.credits >= 10 THEN 3
          WHEN v.credits >= 5 THEN 2 ELSE 1 END)
, f.code, left(f.code, 2),
           v.recognition_type, v.participation_mode, v.languages,
           v.skills,
           coalesce(v.published_at, v.decided_at, v.created_at), (CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END),

    setweight(to_tsvector((CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END)::regconfig, v.title), 'A')
    || setweight(to_tsvector((CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END)::regconfig,
        array_to_string(v.skills, ' ') || ' ' || array_to_string(v.learning_outcomes, ' ')), 'B')
    || setweight(to_tsvector((CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END)::regconfig, v.summary), 'C')
    || setweight(to_tsvector((CASE WHEN v.languages[1] = 'fr' THEN 'french' ELSE 'english' END)::regconfig,
        p.trading_name || ' ' || p.legal_name), 'D')

      FROM credentials_microcredential mc
      JOIN credentials_microcredentialversion v ON v.id = mc.published_version_id
      JOIN providers_provider p ON p.id = mc.provider_id
      JOIN frameworks_level l ON l.id = v.level_id
      JOIN frameworks_fieldofstudy f ON f.id = v.field_of_study_id
"""


class Migration(migrations.Migration):
    dependencies = [("credentials", "0002_public_listing")]

    operations = [
        migrations.RunSQL(BUILD_LISTINGS, reverse_sql="DELETE FROM credentials_publiclisting"),
    ]
