"""Synthetic published micro-credentials for load tests and demos: realistic enough that ranking
and facets mean something, fast enough that a million take minutes.

Titles, summaries and outcomes are composed from topic word lists; skills come from the ESCO
collections already loaded (`frameworks.Skill`); levels, fields and credit systems from the
reference data. Rows go in with COPY (psycopg 3), ids reserved from the sequences up front, in
batches that each commit with their search listings. About a quarter of all listings use the
word "workplace" in their summary, which the benchmark uses as its broad query.
"""

import random
import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from credentials.models import MicroCredential, MicroCredentialVersion, PublicListing
from credentials.search import listing, suggestions
from frameworks.models import CreditSystem, FieldOfStudy, Level, Skill
from registry.accounts.models import User
from registry.providers.models import Provider, RecognitionType

BROAD_WORD = "workplace"
SYNTHETIC_USER = "synthetic-seeder"
PROVIDER_PREFIX = "synthetic-"
BATCH = 50_000

# (topic, ISCED-F detailed field, words that pick its ESCO skills)
TOPICS = [
    ("Cloud Security", "0612", ["security", "cloud", "network"]),
    ("Data Analysis", "0542", ["data", "statistic", "analy"]),
    ("Machine Learning", "0613", ["machine learning", "algorithm", "data"]),
    ("Web Development", "0613", ["web", "JavaScript", "software"]),
    ("Mobile App Development", "0613", ["mobile", "software", "programming"]),
    ("Database Administration", "0612", ["database", "SQL", "data"]),
    ("Network Engineering", "0612", ["network", "router", "ICT"]),
    ("Cybersecurity Operations", "0612", ["security", "threat", "incident"]),
    ("Digital Literacy", "0611", ["digital", "online", "e-services"]),
    ("Project Management", "0413", ["project", "manage", "plan"]),
    ("Financial Accounting", "0411", ["account", "financ", "tax"]),
    ("Digital Marketing", "0414", ["marketing", "social media", "advertis"]),
    ("Supply Chain Management", "0416", ["supply", "logistic", "stock"]),
    ("Human Resource Management", "0413", ["staff", "recruit", "team"]),
    ("Business Law", "0421", ["law", "legal", "contract"]),
    ("Banking and Insurance", "0412", ["bank", "insurance", "financ"]),
    ("Entrepreneurship", "0413", ["business", "entrepreneur", "innovat"]),
    ("Renewable Energy Systems", "0713", ["energy", "solar", "renewable"]),
    ("Environmental Management", "0521", ["environment", "waste", "pollution"]),
    ("Sustainable Agriculture", "0811", ["crop", "agricultur", "soil"]),
    ("Marine Conservation", "0522", ["marine", "fish", "biodiversity"]),
    ("Climate Adaptation", "0521", ["climate", "environment", "sustainab"]),
    ("Waste Management", "0712", ["waste", "recycl", "pollution"]),
    ("Electrical Installation", "0713", ["electric", "install", "wiring"]),
    ("Industrial Automation", "0714", ["automat", "control", "electronic"]),
    ("Welding and Fabrication", "0715", ["weld", "metal", "machine"]),
    ("Nursing Practice", "0913", ["patient", "care", "health"]),
    ("Public Health", "0988", ["health", "disease", "communit"]),
    ("Pharmacy Practice", "0916", ["medic", "pharma", "prescri"]),
    ("Early Childhood Education", "0112", ["child", "learn", "teach"]),
    ("Teaching with Technology", "0114", ["teach", "digital", "learn"]),
    ("Tourism and Hospitality", "1015", ["tourism", "hospitality", "guest"]),
    ("Culinary Arts", "1013", ["food", "cook", "kitchen"]),
    ("Graphic Design", "0211", ["design", "graphic", "visual"]),
    ("Audio-visual Production", "0211", ["video", "media", "audio"]),
    ("French for Business", "0231", ["communicat", "language", "write"]),
    ("Academic Research Methods", "0588", ["research", "scientific", "data"]),
    ("Psychology of Work", "0313", ["psycholog", "behaviour", "wellbeing"]),
    ("Journalism and Reporting", "0321", ["news", "report", "write"]),
    ("Library and Archives", "0322", ["archive", "record", "information"]),
    ("Logistics and Transport", "1041", ["transport", "logistic", "vehicle"]),
    ("Occupational Safety", "1022", ["safety", "hazard", "risk"]),
    ("Construction Site Supervision", "0732", ["construction", "building", "site"]),
    ("Textile Production", "0723", ["textile", "fabric", "garment"]),
    ("Sugar Cane Processing", "0721", ["food", "process", "quality"]),
    ("Customer Service", "0416", ["customer", "service", "communicat"]),
    ("Leadership and Teamwork", "0417", ["lead", "team", "motivat"]),
    ("Artificial Intelligence Ethics", "0223", ["ethic", "artificial intelligence", "data"]),
]
PREFIXES = [
    "",
    "Introduction to ",
    "Foundations of ",
    "Applied ",
    "Advanced ",
    "Essentials of ",
    "Certificate in ",
    "Practical ",
    "Professional Skills in ",
]
CONTEXTS = [
    "",
    " for Small Businesses",
    " in Healthcare",
    " for the Public Sector",
    " in Tourism",
    " for Manufacturing",
    " in Financial Services",
    " for Educators",
    " for Island Economies",
    " for Non-profits",
    " in the Ocean Economy",
]
OPENERS = [
    f"A short course that builds {BROAD_WORD} skills in",
    "Learners develop practical competence in",
    "This micro-credential introduces",
    "Gain recognised expertise in",
]
CLOSINGS = [
    "Assessment is by project and a short examination.",
    "Designed for people already in employment.",
    "Includes supervised practical sessions.",
    "Suitable for career changers and returning learners.",
    "Delivered with industry partners in Mauritius.",
    "Aligned with regional employer needs.",
]
OUTCOMES = [
    "Explain the core principles of {t}",
    "Apply {t} techniques to realistic cases",
    "Evaluate current {t} practice against recognised standards",
    "Design and document a small {t} project",
    "Communicate {t} findings to non-specialist audiences",
    "Select and use appropriate tools for {t}",
    "Identify risks and ethical issues in {t}",
]
PROVIDER_WORDS = [
    "Port Louis",
    "Curepipe",
    "Rose Hill",
    "Quatre Bornes",
    "Mahebourg",
    "Flacq",
    "Moka",
    "Vacoas",
    "Grand Baie",
    "Rodrigues",
    "Indian Ocean",
    "Island",
    "Coastal",
    "Northern",
    "Southern",
    "Central",
    "Lagoon",
    "Ebony",
    "Dodo",
    "Tamarind",
]
PROVIDER_KINDS = [
    ("University", Provider.Type.PUBLIC_HEI),
    ("Polytechnic", Provider.Type.PUBLIC_HEI),
    ("Business School", Provider.Type.PRIVATE_HEI),
    ("Technical College", Provider.Type.TVET),
    ("Institute of Professionals", Provider.Type.PROFESSIONAL_BODY),
    ("Training Academy", Provider.Type.EMPLOYER),
    ("Online Academy", Provider.Type.ONLINE_PLATFORM),
]
CREDITS = [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 60]
CREDIT_WEIGHTS = [4, 6, 8, 10, 10, 10, 12, 10, 8, 8, 5, 4, 3, 2]
LANGUAGES = [(["en"], 72), (["en", "fr"], 22), (["fr", "en"], 4), (["en", "mfe"], 2)]
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def synthetic_code(number: int) -> str:
    """A unique public code for the n-th synthetic micro-credential: MC-Z followed by base 32."""
    digits = ""
    while number or len(digits) < 7:
        number, remainder = divmod(number, 32)
        digits = ALPHABET[remainder] + digits
    return "MC-Z" + digits[-7:]


def _providers(count: int, rng: random.Random) -> list[Provider]:
    existing = list(Provider.objects.filter(slug__startswith=PROVIDER_PREFIX).order_by("pk"))
    new = []
    for n in range(len(existing), count):
        place = PROVIDER_WORDS[n % len(PROVIDER_WORDS)]
        kind, provider_type = PROVIDER_KINDS[(n // len(PROVIDER_WORDS)) % len(PROVIDER_KINDS)]
        name = f"{place} {kind}" + (f" {n // 140 + 1}" if n >= 140 else "")
        new.append(
            Provider(
                slug=f"{PROVIDER_PREFIX}{n + 1}",
                legal_name=f"{name} (synthetic)",
                trading_name=name,
                provider_type=provider_type,
                country="MU",
                status=Provider.Status.REGISTERED,
                registered_at=timezone.now(),
                scope_highest_level=10,
                scope_recognition_types=list(RecognitionType.values),
            )
        )
    Provider.objects.bulk_create(new)
    return existing + new


def _skills_by_topic(rng: random.Random) -> list[list[str]]:
    labels = list(Skill.objects.values_list("label", flat=True))
    pools = []
    for _topic, _field, words in TOPICS:
        pool = [label for label in labels if any(w.lower() in label.lower() for w in words)]
        if len(pool) < 8:
            pool += rng.sample(labels, min(len(labels), 8 - len(pool)))
        pools.append(pool[:40] if pool else ["teamwork"])
    return pools


class Generator:
    """Composes one synthetic version at a time from the reference data."""

    def __init__(self, *, seed: int, providers: int):
        self.rng = random.Random(seed)
        self.providers = [p.pk for p in _providers(providers, self.rng)]
        self.user = User.objects.get_or_create(
            username=SYNTHETIC_USER, defaults={"email": "synthetic@example.org"}
        )[0]
        fields = dict(FieldOfStudy.objects.values_list("code", "pk"))
        fallback = fields.get("0099") or next(iter(fields.values()))
        self.topic_fields = [fields.get(code, fallback) for _t, code, _w in TOPICS]
        self.skill_pools = _skills_by_topic(self.rng) if Skill.objects.exists() else None
        levels = list(
            Level.objects.select_related("framework").exclude(framework__credit_system=None)
        )
        mauritian = [lv for lv in levels if lv.framework.code == "MU-NQF" and 3 <= lv.ordinal <= 8]
        self.levels = [(lv.pk, lv.framework.credit_system_id) for lv in mauritian] * 8 + [
            (lv.pk, lv.framework.credit_system_id) for lv in levels
        ]
        if not self.levels:
            raise ValueError("Load the reference data first: manage.py load_reference_data")
        self.credit_system_fallback = CreditSystem.objects.values_list("pk", flat=True).first()
        self.now = timezone.now()

    def version(self) -> dict:
        rng = self.rng
        index = rng.randrange(len(TOPICS))
        topic = TOPICS[index][0]
        title = rng.choice(PREFIXES) + topic + rng.choice(CONTEXTS)
        lower = topic.lower()
        summary = (
            f"{rng.choice(OPENERS)} {lower}{rng.choice(CONTEXTS).lower()}. {rng.choice(CLOSINGS)}"
        )
        outcomes = [template.format(t=lower) for template in rng.sample(OUTCOMES, 3)]
        pool = self.skill_pools[index] if self.skill_pools else ["teamwork"]
        skills = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
        level, credit_system = rng.choice(self.levels)
        credits = rng.choices(CREDITS, CREDIT_WEIGHTS)[0]
        languages = rng.choices([v for v, _w in LANGUAGES], [w for _v, w in LANGUAGES])[0]
        roll = rng.random()
        status = "withdrawn" if roll < 0.01 else "suspended" if roll < 0.015 else "published"
        return {
            "provider": rng.choice(self.providers),
            "title": title,
            "summary": summary,
            "learning_outcomes": outcomes,
            "skills": skills,
            "level": level,
            "credit_system": credit_system or self.credit_system_fallback,
            "credits": Decimal(credits),
            "notional_hours": credits * 10,
            "participation_mode": rng.choice(["online", "on_site", "blended"]),
            "pacing": rng.choice(["self_paced", "guided"]),
            "recognition_type": rng.choices(RecognitionType.values, [5, 3, 2])[0],
            "field_of_study": self.topic_fields[index],
            "languages": languages,
            "status": status,
            "published_at": self.now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
        }


def _reserve_ids(model, count: int) -> int:
    """The first of `count` consecutive ids taken from the model's sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1)"
            " FROM (SELECT pg_get_serial_sequence(%s, 'id')) AS s(seq)",
            [count, model._meta.db_table],
        )
        return cursor.fetchone()[0] - count + 1


MC_COLUMNS = "id, provider_id, code, published_version_id, created_at, created_by_id"
VERSION_COLUMNS = (
    "id, micro_credential_id, number, status, revision, title, summary, kind, learning_outcomes,"
    " level_id, credits, credit_system_id, notional_hours, assessment_type,"
    " assessment_description, participation_mode, pacing, quality_assurance, recognition_type,"
    " field_of_study_id, skills, languages, prerequisites, validity_months, stackability,"
    " public_url, created_by_id, created_at, updated_at, submitted_at, decided_at,"
    " published_at, reviewer_id, status_reason"
)
LISTING_INDEXES = [index.name for index in PublicListing._meta.indexes]


def _copy_batch(generator: Generator, count: int) -> None:
    first_mc = _reserve_ids(MicroCredential, count)
    first_version = _reserve_ids(MicroCredentialVersion, count)
    user = generator.user.pk
    rows = [generator.version() for _ in range(count)]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY credentials_microcredential ({MC_COLUMNS}) FROM STDIN") as copy:
            for offset, row in enumerate(rows):
                copy.write_row(
                    (
                        first_mc + offset,
                        row["provider"],
                        synthetic_code(first_mc + offset),
                        first_version + offset,
                        row["published_at"],
                        user,
                    )
                )
        columns = f"COPY credentials_microcredentialversion ({VERSION_COLUMNS}) FROM STDIN"
        with raw.copy(columns) as copy:
            for offset, row in enumerate(rows):
                at = row["published_at"]
                copy.write_row(
                    (
                        first_version + offset, first_mc + offset, 1, row["status"], 1,
                        row["title"], row["summary"], "micro_credential",
                        row["learning_outcomes"], row["level"], row["credits"],
                        row["credit_system"], row["notional_hours"], "mixed",
                        "Project and examination.", row["participation_mode"], row["pacing"],
                        "Internal quality assurance with an external examiner.",
                        row["recognition_type"], row["field_of_study"], row["skills"],
                        row["languages"], "", None, "", "", user, at, at, at, at, at, user,
                        "Synthetic record." if row["status"] != "published" else "",
                    )
                )  # fmt: skip
    listing.rebuild_all(where="mc.id BETWEEN %s AND %s", params=[first_mc, first_mc + count - 1])


def seed(count: int, *, seed: int = 1, providers: int = 200, progress=None) -> float:
    """Create `count` synthetic published micro-credentials with their listings, then recount
    the suggestion vocabulary; returns the seconds taken. Large loads drop the listing's
    indexes while loading and build them once at the end."""
    started = time.monotonic()
    generator = Generator(seed=seed, providers=providers)
    rebuild_indexes = count >= 100_000
    if rebuild_indexes:
        with connection.cursor() as cursor:
            for name in LISTING_INDEXES:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    done = 0
    try:
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                _copy_batch(generator, size)
            done += size
            if progress:
                progress(f"{done} listings in {time.monotonic() - started:.0f} s")
    finally:
        if rebuild_indexes:
            _create_listing_indexes(progress)
    # Outside a transaction, VACUUM too: the visibility map and hint bits of freshly copied rows
    # are set once here, not by the first searches to read them.
    analyze = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{analyze} credentials_publiclisting")
        cursor.execute(f"{analyze} credentials_microcredential")
        cursor.execute(f"{analyze} credentials_microcredentialversion")
    words = suggestions.refresh_vocabulary()
    if progress:
        progress(f"vocabulary of {words} words")
    return time.monotonic() - started


def _create_listing_indexes(progress) -> None:
    with connection.schema_editor() as editor, connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        existing = set(
            connection.introspection.get_constraints(cursor, PublicListing._meta.db_table)
        )
        for index in PublicListing._meta.indexes:
            if index.name not in existing:
                editor.add_index(PublicListing, index)
                if progress:
                    progress(f"index {index.name} built")
