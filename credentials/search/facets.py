"""Between what people type (framework:level, provider slugs) and what the listing stores (ids),
and from facet counts to labelled options."""

from dataclasses import dataclass

from credentials.models import ParticipationMode
from credentials.search.params import CREDIT_BAND_KEYS, FILTERS, SearchParams
from credentials.search.query import PROVIDER_FACET_SIZE
from frameworks.models import FieldOfStudy, Level, QualificationsFramework
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


def _level_options(counts):
    levels = Level.objects.select_related("framework").in_bulk([int(v) for v, _n in counts])
    options = []
    for value, n in counts:
        level = levels.get(int(value))
        if level is not None:
            key = f"{level.framework.code}:{level.code}"
            label = f"{level.framework} {level.code}"
            options.append((key, label, n, (level.framework.code, level.ordinal)))
    options.sort(key=lambda option: option[3])
    return [(key, label, n) for key, label, n, _order in options]


def _provider_options(counts):
    top = counts[:PROVIDER_FACET_SIZE]
    providers = Provider.objects.in_bulk([int(v) for v, _n in top])
    return [
        (providers[int(v)].slug, providers[int(v)].display_name, n)
        for v, n in top
        if int(v) in providers
    ]


def _field_options(counts):
    names = dict(
        FieldOfStudy.objects.filter(code__in=[v for v, _n in counts]).values_list("code", "name")
    )
    return [(code, f"{code} {names.get(code, '')}".strip(), n) for code, n in counts]


def _labelled(counts, labels):
    return [(value, str(labels.get(value, value)), n) for value, n in counts]


def facets(
    params: SearchParams, facet_counts, *, tag_sample: int = 1, sample: int = 1
) -> list[Facet]:
    """Each facet with its options (value, label, count, selected), in the page's order. A
    selected value that no longer matches anything stays listed so it can be unticked."""
    builders = {
        "level": _level_options,
        "credits": lambda counts: [
            (key, str(band.label), n)
            for band, key in CREDIT_BAND_KEYS.items()
            for value, n in counts
            if value == key
        ],
        "provider": _provider_options,
        "field": _field_options,
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
