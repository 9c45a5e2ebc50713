"""Template helpers for what a public page says about itself: its canonical URL and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from registry.core.public_urls import absolute_url as _absolute_url

register = template.Library()

# The characters that could end a <script> element or open a comment or CDATA section inside it,
# written as JSON escapes, as Django's json_script does: "</script>" in a title stays data.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`{% absolute_url request.path %}`: the path on the registry's public root."""
    return _absolute_url(path, context.get("request"))


@register.filter(is_safe=True)
def json_ld(data: dict) -> str:
    """`{{ data|json_ld }}`: a `<script type="application/ld+json">` element that cannot be broken
    out of, whatever the data holds."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )
