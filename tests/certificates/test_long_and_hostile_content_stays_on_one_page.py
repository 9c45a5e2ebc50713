"""Whatever is printed, the certificate stays one page: many or long outcomes are shortened with a
line sending the reader to the full record; hostile learner names (right-to-left, emoji, control
characters, very long) render without breaking the page."""

import pytest

from credentials.certificates.rendering import render_certificate
from tests.certificates.certificate_files import make_content, needs_poppler, page_count, pdf_text
from tests.credentials.signing.hostile_text import (
    C0_CONTROLS,
    C1_CONTROLS,
    COMBINING,
    EMOJI,
    RIGHT_TO_LEFT,
    long_text,
)


@needs_poppler
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_many_long_outcomes_are_shortened_with_a_pointer_to_the_full_record(page_size):
    outcomes = tuple(
        f"Outcome {number}: design, run and report a reproducible analysis of a public dataset, "
        "with its limits stated and its code and data published for others to check." * 2
        for number in range(1, 41)
    )
    content = make_content(
        page_size=page_size,
        title="A very long micro-credential title " * 8,
        learning_outcomes=outcomes,
    )

    pdf = render_certificate(content)

    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert "more learning outcomes" in text
    assert "See the full record at the verification address below." in text
    assert "K7QX-M2PA-9ZTR" in text


@needs_poppler
def test_french_certificate_points_to_the_full_record_in_french():
    outcomes = tuple(
        f"Résultat d'apprentissage numéro {n}, décrit longuement. " * 4 for n in range(30)
    )

    text = pdf_text(render_certificate(make_content(language="fr", learning_outcomes=outcomes)))

    assert "autres résultats d'apprentissage" in text
    assert "Consultez le dossier complet" in text


@needs_poppler
def test_a_few_outcomes_are_all_shown_without_a_pointer():
    text = pdf_text(render_certificate(make_content()))

    assert "Explain findings to non-specialists in writing and with charts." in text
    assert "See the full record" not in text


@needs_poppler
@pytest.mark.parametrize(
    "learner_name",
    [
        pytest.param(RIGHT_TO_LEFT, id="right-to-left"),
        pytest.param("Zoë " + EMOJI, id="emoji"),
        pytest.param("Jean" + C0_CONTROLS + C1_CONTROLS + "\u202e Dupont", id="controls"),
        pytest.param(COMBINING, id="combining"),
        pytest.param("Ngozi" * 2000, id="one very long word"),
        pytest.param(long_text(20_000), id="very long mixture"),
    ],
)
def test_hostile_learner_names_render_on_one_page(learner_name):
    pdf = render_certificate(make_content(learner_name=learner_name))

    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert "K7QX-M2PA-9ZTR" in text
    assert "Data analysis with Python for public services" in text
    assert "\x07" not in text and "\x1b" not in text


def test_control_characters_never_reach_the_certificate():
    content = make_content(learner_name="Jean\x00\x07\x1b[31m\x85Dupont\u2028Martin")

    assert content.learner_name == "Jean[31m Dupont Martin"
