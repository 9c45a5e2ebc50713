"""`GET /api/v1/search/`: the public search, facets and spelling suggestion included."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from credentials.search import SearchTimeout, search
from credentials.search.facets import facets as labelled_facets
from credentials.search.params import (
    CREDIT_BANDS_BY_KEY,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    Include,
    Sort,
    parse,
)
from registry.core.api_errors import ProblemSerializer
from registry.core.api_schema import INVALID


class SearchTooSlow(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The search took too long; add words or filters to narrow it."
    default_code = "search_timeout"


class NamedSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SearchLevelSerializer(serializers.Serializer):
    framework = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()


class SearchProviderSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    code = serializers.CharField()
    url = serializers.CharField(help_text="The public record page.")
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, escaped, matches in <mark>.")
    snippet_html = serializers.CharField(
        help_text="Summary and outcomes around the matches, escaped, matches in <mark>."
    )
    summary = serializers.CharField()
    provider = SearchProviderSerializer()
    level = SearchLevelSerializer()
    credits = serializers.DecimalField(max_digits=6, decimal_places=2)
    credit_system = serializers.CharField()
    field_of_study = NamedSerializer()
    recognition_type = serializers.CharField()
    participation_mode = serializers.CharField()
    pacing = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    skills = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(help_text="published, withdrawn or suspended")
    published_at = serializers.DateTimeField()
    rank = serializers.FloatField(help_text="Relevance (0 unless sorted by relevance).")


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to pass back in the facet's parameter.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The query parameter this facet filters by.")
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)
    approximate = serializers.BooleanField(
        help_text="Counts estimated from a regular sample of the matches (every facet of a "
        "search with more than a few thousand matches; languages and skills of the whole "
        "register), to three significant figures; exact otherwise."
    )


class SearchResponseSerializer(serializers.Serializer):
    q = serializers.CharField()
    total = serializers.IntegerField(
        help_text="How many records match: exact, or an estimate when total_approximate."
    )
    total_approximate = serializers.BooleanField(
        help_text="The total (and so pages) is an estimate to three significant figures, from "
        "a regular sample of the matches: a search with more than a few thousand matches. The "
        "results and their order are exact."
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    sort = serializers.CharField()
    results = SearchHitSerializer(many=True)
    facets = FacetSerializer(many=True, help_text="Empty when facets=0.")
    suggestion = serializers.CharField(
        allow_null=True, help_text="A corrected query when nothing matched, else null."
    )


def _many(name: str, description: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(
        name=name, type=str, many=True, explode=True, description=description, enum=enum
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        name="q",
        type=str,
        description='Words to find; "quoted phrase", OR, and -word to exclude. Max 200.',
    ),
    _many("level", "Framework and level code, e.g. MU-NQF:6 (repeat for several)."),
    _many("framework", "Framework code, e.g. MU-NQF."),
    _many("credits", "Credit range.", enum=list(CREDIT_BANDS_BY_KEY)),
    _many("provider", "Provider slug."),
    _many("field", "ISCED-F code or prefix, e.g. 06 or 0613."),
    _many("recognition", "Recognition type.", enum=["accredited", "endorsed", "self_attested"]),
    _many("mode", "Form of participation.", enum=["online", "on_site", "blended"]),
    _many("language", "ISO 639-1 code of a language of instruction."),
    _many("skill", "A skill every result must list."),
    _many(
        "include",
        "Bring back records hidden by default: withdrawn; suspended (also records of "
        "suspended or deregistered providers).",
        enum=list(Include.CHOICES),
    ),
    OpenApiParameter(name="sort", type=str, enum=list(Sort.CHOICES), default=Sort.RELEVANCE),
    OpenApiParameter(name="page", type=int, description=f"1 to {MAX_PAGE}.", default=1),
    OpenApiParameter(
        name="page_size",
        type=int,
        description=f"1 to {MAX_PAGE_SIZE}.",
        default=DEFAULT_PAGE_SIZE,
    ),
    OpenApiParameter(
        name="facets", type=OpenApiTypes.BOOL, description="Count facets (default 1).", default=1
    ),
]


def hit(row: dict, request) -> dict:
    return {
        "code": row["code"],
        "url": request.build_absolute_uri(reverse("public:micro_credential", args=[row["code"]])),
        "title": row["title"],
        "title_html": row["title_html"],
        "snippet_html": row["snippet_html"],
        "summary": row["summary"],
        "provider": {
            "slug": row["provider_slug"],
            "name": row["provider_name"],
            "status": row["provider_status"],
        },
        "level": {
            "framework": row["framework"],
            "code": row["level_code"],
            "title": row["level_title"],
        },
        "credits": str(row["credits"]),
        "credit_system": row["credit_system"],
        "field_of_study": {"code": row["field_code"], "name": row["field_name"]},
        "recognition_type": row["recognition_type"],
        "participation_mode": row["participation_mode"],
        "pacing": row["pacing"],
        "languages": row["languages"],
        "skills": row["skills"],
        "status": row["status"],
        "published_at": row["published_at"],
        "rank": row["rank"],
    }


class SearchView(APIView):
    """Search the public register: full text over title (weighted highest), skills, learning
    outcomes, summary and provider, with filters, facet counts, sorting and page numbers.
    Withdrawn and suspended records, and those of suspended or deregistered providers, are
    left out unless `include` asks for them."""

    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="search",
        parameters=SEARCH_PARAMETERS,
        responses={
            200: SearchResponseSerializer,
            400: INVALID,
            503: OpenApiResponse(
                response=ProblemSerializer, description="The search took too long."
            ),
        },
    )
    def get(self, request):
        params = parse(request.query_params)
        if params.errors:
            raise ValidationError(
                {
                    name: [str(message) for message in messages]
                    for name, messages in params.errors.items()
                }
            )
        try:
            result = search(params)
        except SearchTimeout:
            raise SearchTooSlow from None
        if params.page > result.pages:
            raise ValidationError(
                {"page": [f"Page {params.page} is beyond the last page ({result.pages})."]}
            )
        body = {
            "q": params.q,
            "total": result.total,
            "total_approximate": result.approximate,
            "page": params.page,
            "pages": result.pages,
            "page_size": params.page_size,
            "sort": params.sort,
            "results": [hit(row, request) for row in result.results],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "options": [option.__dict__ for option in facet.options],
                    "approximate": facet.approximate,
                }
                for facet in (
                    labelled_facets(
                        params,
                        result.facet_counts,
                        tag_sample=result.tag_sample,
                        sample=result.sample,
                    )
                    if params.facets
                    else []
                )
            ],
            "suggestion": result.suggestion,
        }
        # The serializers above describe the response for the schema; building it directly
        # keeps the API's cost close to that of its SQL.
        return Response(body)
