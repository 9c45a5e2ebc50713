"""No template shows English words that bypass the translation tags, so the French pages are
French throughout. What counts as visible: text between tags and the attributes people read or
hear (title, alt, placeholder, aria-label, value of buttons); template tags, variables, comments,
scripts and styles are left out."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# Templates that are not interface text: the instructions for search engines' crawlers.
NOT_INTERFACE = {"public/robots.txt"}
# Words that are the same in every language: the API key prefix shown in a code sample.
LITERAL_WORDS = {"mcr"}

TRANSLATED_BLOCK = re.compile(
    r"{%\s*(blocktranslate|blocktrans)\b.*?{%\s*end(blocktranslate|blocktrans)\s*%}", re.S
)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TEMPLATE_SYNTAX = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
READABLE_ATTRIBUTE = re.compile(r'\b(?:title|alt|placeholder|aria-label|value)="([^"]*)"')
TAG = re.compile(r"<[^>]*>", re.S)
CHARACTER_REFERENCE = re.compile(r"&#?\w+;")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def visible_words(source: str) -> list[str]:
    for pattern in (COMMENT_BLOCK, TRANSLATED_BLOCK, SCRIPT_OR_STYLE, TEMPLATE_SYNTAX):
        source = pattern.sub(" ", source)
    source = CHARACTER_REFERENCE.sub(" ", source)
    texts = [*READABLE_ATTRIBUTE.findall(source), TAG.sub(" ", source)]
    return [word for text in texts for word in WORD.findall(text) if word not in LITERAL_WORDS]


def interface_templates():
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        name = path.relative_to(TEMPLATES_DIR).as_posix()
        if path.suffix in {".html", ".txt"} and name not in NOT_INTERFACE:
            yield name


@pytest.mark.parametrize("name", list(interface_templates()))
def test_template_text_is_inside_translation_tags(name):
    words = visible_words((TEMPLATES_DIR / name).read_text(encoding="utf-8"))
    assert not words, f"{name} shows words outside {{% translate %}}: {words}"


ESCAPED_QUOTE_IN_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+("[^"]*\\"|'[^']*\\')""")


@pytest.mark.parametrize("name", list(interface_templates()))
def test_translated_text_can_be_extracted(name):
    """`makemessages` cannot read a backslash-escaped quote inside {% translate "..." %}: it would
    catalogue a truncated text, so the page would never show the translation. Quote the text
    with the other kind of quote instead: {% translate 'Use "quotes" for a phrase' %}."""
    source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    assert not ESCAPED_QUOTE_IN_TRANSLATE.search(source), (
        f"{name}: use the other kind of quote around a translated text that contains quotes"
    )


def test_the_check_sees_untranslated_text():
    source = (
        '{% load i18n %}<h1 title="Open">{% translate "Title" %}</h1>'
        "<p>Plain words {{ value }} &lt;&gt;</p>{# a comment #}"
        "{% blocktranslate %}Translated {{ x }}{% endblocktranslate %}"
    )
    assert visible_words(source) == ["Open", "Plain", "words"]
