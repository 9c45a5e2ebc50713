"""Between what people type (framework:level, provider slugs) and what the listing stores (ids),
and from facet counts to labelled options."""

from dataclasses import dataclass

from django.db import connection

from credentials.models import ParticipationMode
from credentials.search.params import CREDIT_BAND_KEYS, FILTERS, SearchParams
from credentials.search.query import PROVIDER_FACET_SIZE
from frameworks.models import Level, QualificationsFramework
from registry.core.process_cache import kept_each
from registry.providers.models import Provider, RecognitionType

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "mfe": "Kreol morisien"}


class Lookups:
    """Resolves filter values to ids (an unknown value matches nothing) and ids to labels."""

    def level_ids(self, keys) -> list[int]:
        ids = []
        for key in keys:
            framework, code = key.split(":", 1)
            level = Level.objects.filter(framework__code=framework, code=code).only("pk").first()
            if level is not None:
                ids.append(level.pk)
        return ids

    def framework_ids(self, codes) -> list[int]:
        return list(
            QualificationsFramework.objects.filter(code__in=codes).values_list("pk", flat=True)
        )

    def provider_ids(self, slugs) -> list[int]:
        return list(Provider.objects.filter(slug__in=slugs).values_list("pk", flat=True))


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]
    # Counts estimated from a sample: every facet of a large matching set, and languages and
    # skills of the whole register.
    approximate: bool = False


ESTIMATED_WHEN_TAGS_SAMPLED = {"language", "skill"}


# The labels of the levels, providers and fields a page's facets show, in one round trip (on a
# busy server each statement costs a scheduling delay, more than the lookup itself).
LABELS_SQL = """
    SELECT 'level', l.id::text, fw.code || ':' || l.code,
           coalesce(nullif(fw.short_name, ''), fw.code) || ' ' || l.code, fw.code, l.ordinal
      FROM frameworks_level l
      JOIN frameworks_qualificationsframework fw ON fw.id = l.framework_id
     WHERE l.id = ANY(%s)
    UNION ALL
    SELECT 'provider', p.id::text, p.slug, coalesce(nullif(p.trading_name, ''), p.legal_name),
           '', 0
      FROM providers_provider p WHERE p.id = ANY(%s)
    UNION ALL
    SELECT 'field', f.code, f.code, f.name, '', 0
      FROM frameworks_fieldofstudy f WHERE f.code = ANY(%s)
"""


# Labels change rarely (a provider renamed, a level retitled): each process keeps those it read
# for this long, so most searches need no label query at all.
LABEL_SECONDS = 60


def _read_labels(keys: list) -> dict:
    """The labels of these ("label", facet, value) keys, in one statement."""
    by_kind: dict[str, list] = {"level": [], "provider": [], "field": []}
    for _label, kind, value in keys:
        by_kind[kind].append(value if kind == "field" else int(value))
    with connection.cursor() as cursor:
        cursor.execute(LABELS_SQL, [by_kind["level"], by_kind["provider"], by_kind["field"]])
        return {("label", kind, value): tuple(rest) for kind, value, *rest in cursor.fetchall()}


def _labels(facet_counts) -> dict[tuple[str, str], tuple[str, str, str, int]]:
    """(facet, value) -> (key, label, framework, ordinal) for levels, the top providers and
    fields: those not kept in the process read in one statement."""
    wanted = [
        *(("label", "level", v) for v, _n in facet_counts.get("level", [])),
        *(
            ("label", "provider", v)
            for v, _n in facet_counts.get("provider", [])[:PROVIDER_FACET_SIZE]
        ),
        *(("label", "field", v) for v, _n in facet_counts.get("field", [])),
    ]
    kept = kept_each(LABEL_SECONDS, wanted, _read_labels)
    return {key[1:]: label for key, label in kept.items() if label is not None}  # type: ignore[index]


def _level_options(counts, labels):
    options = []
    for value, n in counts:
        if ("level", value) in labels:
            key, label, framework, ordinal = labels[("level", value)]
            options.append((key, label, n, (framework, ordinal)))
    options.sort(key=lambda option: option[3])
    return [(key, label, n) for key, label, n, _order in options]


def _provider_options(counts, labels):
    return [
        (*labels[("provider", v)][:2], n)
        for v, n in counts[:PROVIDER_FACET_SIZE]
        if ("provider", v) in labels
    ]


def _field_options(counts, labels):
    names = {
        value: label for (kind, value), (_key, label, *_rest) in labels.items() if kind == "field"
    }
    return [(code, f"{code} {names.get(code, '')}".strip(), n) for code, n in counts]


def _labelled(counts, labels):
    return [(value, str(labels.get(value, value)), n) for value, n in counts]


def facets(
    params: SearchParams, facet_counts, *, tag_sample: int = 1, sample: int = 1
) -> list[Facet]:
    """Each facet with its options (value, label, count, selected), in the page's order. A
    selected value that no longer matches anything stays listed so it can be unticked."""
    labels = _labels(facet_counts)
    builders = {
        "level": lambda counts: _level_options(counts, labels),
        "credits": lambda counts: [
            (key, str(band.label), n)
            for band, key in CREDIT_BAND_KEYS.items()
            for value, n in counts
            if value == key
        ],
        "provider": lambda counts: _provider_options(counts, labels),
        "field": lambda counts: _field_options(counts, labels),
        "recognition": lambda counts: _labelled(counts, dict(RecognitionType.choices)),
        "mode": lambda counts: _labelled(counts, dict(ParticipationMode.choices)),
        "language": lambda counts: _labelled(counts, LANGUAGE_NAMES),
        "skill": lambda counts: [(value, value, n) for value, n in counts],
    }
    result = []
    for name, label in FILTERS.items():
        selected = set(getattr(params, name))
        options = [
            Option(value=value, label=text, count=n, selected=value in selected)
            for value, text, n in builders[name](facet_counts.get(name, []))
        ]
        shown = {option.value for option in options}
        options += [
            Option(value=value, label=value, count=0, selected=True)
            for value in getattr(params, name)
            if value not in shown
        ]
        result.append(
            Facet(
                name=name,
                label=str(label),
                options=options,
                approximate=sample > 1 or (tag_sample > 1 and name in ESTIMATED_WHEN_TAGS_SAMPLED),
            )
        )
    return result
