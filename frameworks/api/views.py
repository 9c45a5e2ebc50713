"""Read-only API of frameworks, levels, credit systems and fields of study."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from frameworks import selectors
from frameworks.api.serializers import (
    ConversionQuerySerializer,
    ConversionSerializer,
    CreditSystemSerializer,
    FieldOfStudySerializer,
    FrameworkSerializer,
    LevelDetailSerializer,
)
from frameworks.credits import CreditConversionError, convert_credits
from frameworks.models import FieldOfStudy, Level

CODE_REGEX = r"[A-Za-z0-9-]+"
PARAMETER_FOR = {"credits": "credits", "from_system": "from", "to_system": "to"}


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Qualification frameworks, each with its credit system, levels and alignments."""

    queryset = selectors.frameworks_with_levels()
    serializer_class = FrameworkSerializer
    permission_classes = (AllowAny,)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


class LevelDetailView(generics.RetrieveAPIView):
    """One level of a framework, with how it is referenced to (and from) other frameworks."""

    serializer_class = LevelDetailSerializer
    permission_classes = (AllowAny,)

    def get_object(self) -> Level:
        try:
            return selectors.level_detail(self.kwargs["code"], self.kwargs["level_code"])
        except Level.DoesNotExist:
            raise NotFound("There is no such level in this framework.") from None


class CreditSystemViewSet(viewsets.ReadOnlyModelViewSet):
    """Credit systems and the notional hours each credit stands for."""

    queryset = selectors.credit_systems()
    serializer_class = CreditSystemSerializer
    permission_classes = (AllowAny,)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    @extend_schema(
        parameters=[ConversionQuerySerializer],
        responses={
            200: ConversionSerializer,
            400: OpenApiResponse(description="Problem details with `errors` keyed by parameter."),
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def convert(self, request):
        """Convert credits between two systems through notional hours (1 decimal, half up)."""
        query = ConversionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            conversion = convert_credits(
                credits=query.validated_data["credits"],
                from_system=query.validated_data["from"],
                to_system=query.validated_data["to"],
            )
        except CreditConversionError as error:
            raise ValidationError({PARAMETER_FOR[error.field]: [str(error)]}) from error
        return Response(ConversionSerializer(conversion).data)


class FieldOfStudyFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=FieldOfStudy.FieldLevel.choices)
    parent = django_filters.CharFilter(field_name="parent__code", help_text="Code of the parent.")

    class Meta:
        model = FieldOfStudy
        fields = ("level", "parent")


class FieldOfStudyViewSet(viewsets.ReadOnlyModelViewSet):
    """ISCED-F 2013 fields of education and training; filter by `level` or `parent` code."""

    queryset = selectors.fields_of_study()
    serializer_class = FieldOfStudySerializer
    permission_classes = (AllowAny,)
    filterset_class = FieldOfStudyFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9]+"
