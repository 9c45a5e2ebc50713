"""Content negotiation for API views that answer in one format only."""

from rest_framework.negotiation import BaseContentNegotiation


class FirstRenderer(BaseContentNegotiation):
    """The view's first renderer and parser, whatever the request's Accept header says (DRF's
    documented `IgnoreClientContentNegotiation`): nothing to parse or compare per request."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
