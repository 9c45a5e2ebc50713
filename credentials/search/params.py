"""What a search asks for, read from a query string (the page's GET form and the API alike) and
checked, so that bad input becomes field errors rather than a failing query."""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.utils.translation import gettext_lazy as _

from credentials.models import CreditBand, ParticipationMode
from registry.providers.models import RecognitionType

MAX_QUERY_LENGTH = 200
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deeper pages cost an ever larger sort for a result nobody reads; narrow the search instead.
MAX_PAGE = 500


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    CREDITS_DESC = "credits_desc"
    CREDITS_ASC = "credits_asc"

    CHOICES = {
        RELEVANCE: _("Relevance"),
        NEWEST: _("Newest"),
        CREDITS_DESC: _("Most credits"),
        CREDITS_ASC: _("Fewest credits"),
    }


class Include:
    """Records hidden by default, and the value of `include` that brings them back."""

    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"

    CHOICES = {
        WITHDRAWN: _("Include withdrawn records"),
        SUSPENDED: _("Include suspended records and those of suspended or deregistered providers"),
    }


# The `credits` parameter's values, one per credit band.
CREDIT_BAND_KEYS = {
    CreditBand.UNDER_5: "under-5",
    CreditBand.FROM_5: "5-9",
    CreditBand.FROM_10: "10-19",
    CreditBand.FROM_20: "20-39",
    CreditBand.FROM_40: "40-plus",
}
CREDIT_BANDS_BY_KEY = {key: band for band, key in CREDIT_BAND_KEYS.items()}

LEVEL_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,32}:[^:]{1,32}$")
FIELD_PATTERN = re.compile(r"^\d{2,4}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")

# The filters, in the order the page shows them: parameter -> label.
FILTERS = {
    "level": _("Level"),
    "credits": _("Credits"),
    "provider": _("Provider"),
    "field": _("Field of study"),
    "recognition": _("Recognition"),
    "mode": _("Form of participation"),
    "language": _("Language"),
    "skill": _("Skills"),
}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    level: tuple[str, ...] = ()  # "MU-NQF:6": framework code and level code
    framework: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # keys of CREDIT_BANDS_BY_KEY
    provider: tuple[str, ...] = ()  # slugs
    field: tuple[str, ...] = ()  # ISCED-F codes or their prefixes
    recognition: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    skill: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    sort: str = Sort.RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: bool = True
    errors: dict = dataclass_field(default_factory=dict, compare=False)

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        """The facet filters that are set, by parameter."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def query_items(self, **changes) -> list[tuple[str, str]]:
        """These parameters as query-string pairs, with `changes` applied (a tuple replaces a
        filter's values); the page is left out unless changed, so a new filter starts at 1."""
        values = {
            "q": self.q,
            **{name: getattr(self, name) for name in (*FILTERS, "framework", "include")},
            "sort": self.sort if self.sort != Sort.RELEVANCE else "",
        }
        values.update(changes)
        items = []
        for name, value in values.items():
            if isinstance(value, tuple):
                items.extend((name, item) for item in value)
            elif value not in ("", None):
                items.append((name, str(value)))
        return items


def _choices(values, allowed, message, errors, name) -> tuple[str, ...]:
    unknown = [value for value in values if value not in allowed]
    if unknown:
        errors[name] = [message % {"values": ", ".join(unknown)}]
    return tuple(value for value in values if value in allowed)


def _integer(raw, *, name, minimum, maximum, default, errors) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = [_("Enter a whole number.")]
        return default
    if not minimum <= value <= maximum:
        errors[name] = [
            _("Enter a number from %(minimum)d to %(maximum)d.")
            % {"minimum": minimum, "maximum": maximum}
        ]
        return default
    return value


def _distinct(values) -> tuple[str, ...]:
    """Stripped values, each once; values with a NUL character (which PostgreSQL refuses) are
    dropped, and `parse` reports them."""
    return tuple(
        dict.fromkeys(
            value.strip() for value in values if value and value.strip() and "\x00" not in value
        )
    )


def parse(query) -> SearchParams:
    """Read a QueryDict (or any mapping with `getlist`); `errors` holds what was wrong, by
    parameter, and the rest falls back to defaults."""
    errors: dict[str, list] = {
        name: [_("Null characters are not allowed.")]
        for name in query
        if any("\x00" in value for value in query.getlist(name))
    }
    q = " ".join((query.get("q") or "").replace("\x00", " ").split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = [_("Search for at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}]
        q = q[:MAX_QUERY_LENGTH]

    def values(name):
        return _distinct(query.getlist(name))

    level = values("level")
    if any(not LEVEL_PATTERN.match(value) for value in level):
        errors["level"] = [_("Give a level as framework:level, for example MU-NQF:6.")]
        level = tuple(value for value in level if LEVEL_PATTERN.match(value))
    field_codes = values("field")
    if any(not FIELD_PATTERN.match(value) for value in field_codes):
        errors["field"] = [_("Give an ISCED-F code of 2 to 4 digits, for example 06 or 0613.")]
        field_codes = tuple(value for value in field_codes if FIELD_PATTERN.match(value))
    language = tuple(value.lower() for value in values("language"))
    if any(not LANGUAGE_PATTERN.match(value) for value in language):
        errors["language"] = [_("Give a language as an ISO 639-1 code, for example en or fr.")]
        language = tuple(value for value in language if LANGUAGE_PATTERN.match(value))

    sort = query.get("sort") or Sort.RELEVANCE
    if sort not in Sort.CHOICES:
        errors["sort"] = [_("Sort by one of: %(choices)s.") % {"choices": ", ".join(Sort.CHOICES)}]
        sort = Sort.RELEVANCE
    facets = (query.get("facets") or "1").lower()
    if facets not in {"0", "1", "true", "false"}:
        errors["facets"] = [_("Use 1 or 0.")]
    return SearchParams(
        q=q,
        level=level,
        framework=values("framework"),
        credits=_choices(
            values("credits"),
            CREDIT_BANDS_BY_KEY,
            _("Unknown credit range: %(values)s."),
            errors,
            "credits",
        ),
        provider=values("provider"),
        field=field_codes,
        recognition=_choices(
            values("recognition"),
            RecognitionType.values,
            _("Unknown recognition type: %(values)s."),
            errors,
            "recognition",
        ),
        mode=_choices(
            values("mode"),
            ParticipationMode.values,
            _("Unknown form of participation: %(values)s."),
            errors,
            "mode",
        ),
        language=language,
        skill=values("skill"),
        include=_choices(
            values("include"),
            Include.CHOICES,
            _("Unknown value: %(values)s."),
            errors,
            "include",
        ),
        sort=sort,
        page=_integer(
            query.get("page"), name="page", minimum=1, maximum=MAX_PAGE, default=1, errors=errors
        ),
        page_size=_integer(
            query.get("page_size"),
            name="page_size",
            minimum=1,
            maximum=MAX_PAGE_SIZE,
            default=DEFAULT_PAGE_SIZE,
            errors=errors,
        ),
        facets=facets in {"1", "true"},
        errors=errors,
    )
