"""ketagraph.text: paragraphs, headings, sentences, quote search and the hints for unfound quotes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_helpers import ARTICLE
from ketagraph.text import Document, Intervals, Span, quote_hint


@pytest.fixture
def doc() -> Document:
    return Document(ARTICLE)


def test_paragraphs_and_headings(doc: Document) -> None:
    assert doc.paragraphs == (
        Span(0, 22, "heading", "Ketamine and the brain"),
        Span(
            24,
            135,
            "paragraph",
            "Ketamine acts on NMDA receptors. Researchers believe it may help with depression. "
            "The drug’s effects are rapid.",
        ),
        Span(137, 142, "heading", "Risks"),
        Span(
            144,
            243,
            "paragraph",
            "Ketamine can lead to addiction. A naïve user may feel dissociation. Ketamine can lead to addiction.",
        ),
    )
    assert [h.text for h in doc.headings] == ["Ketamine and the brain", "Risks"]


def test_spans_are_slices_of_the_text(doc: Document) -> None:
    for span in (*doc.paragraphs, *doc.sentences):
        assert ARTICLE[span.start : span.end] == span.text


def test_sentences(doc: Document) -> None:
    assert [s.text for s in doc.sentences] == [
        "Ketamine acts on NMDA receptors.",
        "Researchers believe it may help with depression.",
        "The drug’s effects are rapid.",
        "Ketamine can lead to addiction.",
        "A naïve user may feel dissociation.",
        "Ketamine can lead to addiction.",
    ]
    assert all(s.kind == "sentence" for s in doc.sentences)


def test_sentences_keep_their_closing_quotes_and_brackets() -> None:
    text = 'He said "Stop." Then he left. (It was late.) The end!” Next one? Yes.'
    assert [s.text for s in Document(text).sentences] == [
        'He said "Stop."',
        "Then he left.",
        "(It was late.)",
        "The end!”",
        "Next one?",
        "Yes.",
    ]


def test_a_sentence_does_not_end_before_a_lower_case_word_or_inside_a_number() -> None:
    text = "It costs 3.5 dollars, e.g. cheap. Fine."
    assert [s.text for s in Document(text).sentences] == ["It costs 3.5 dollars, e.g. cheap.", "Fine."]


def test_what_counts_as_a_heading() -> None:
    text = "Short title\n\nA sentence.\n\nTwo\nlines\n\nA title: with a colon?\n\n" + "word " * 15 + "\n\nEllipsis…"
    kinds = [(p.kind, p.text) for p in Document(text).paragraphs]
    assert kinds == [
        ("heading", "Short title"),
        ("paragraph", "A sentence."),
        ("paragraph", "Two\nlines"),
        ("heading", "A title: with a colon?"),
        ("paragraph", ("word " * 15).strip()),
        ("paragraph", "Ellipsis…"),
    ]


def test_paragraph_breaks_may_hold_spaces_and_several_blank_lines() -> None:
    doc = Document("  Title\n \t\n\n\nBody text.  \n")
    assert doc.paragraphs == (Span(2, 7, "heading", "Title"), Span(13, 23, "paragraph", "Body text."))


def test_empty_and_blank_documents() -> None:
    for text in ("", "\n\n  \n"):
        doc = Document(text)
        assert doc.paragraphs == doc.headings == doc.sentences == ()
        assert doc.section_at(0) == ""
        assert doc.paragraph_at(0) is None


def test_section_at(doc: Document) -> None:
    assert doc.section_at(0) == "Ketamine and the brain"
    assert doc.section_at(136) == "Ketamine and the brain"
    assert doc.section_at(137) == "Risks"
    assert doc.section_at(len(ARTICLE)) == "Risks"
    assert Document("No heading here.").section_at(3) == ""


def test_paragraph_at(doc: Document) -> None:
    assert doc.paragraph_at(30) == doc.paragraphs[1]
    assert doc.paragraph_at(135) == doc.paragraphs[1]  # just after its last character
    assert doc.paragraph_at(136) is None  # the blank line between paragraphs
    assert doc.paragraph_at(144) == doc.paragraphs[3]


def test_find_all_returns_every_occurrence_including_overlapping_ones(doc: Document) -> None:
    first = ARTICLE.index("Ketamine can lead")
    assert doc.find_all("Ketamine can lead to addiction.") == [first, ARTICLE.index("Ketamine can lead", first + 1)]
    assert Document("aaaa").find_all("aa") == [0, 1, 2]
    assert doc.find_all("not there") == []
    assert doc.find_all("") == []


def test_find_all_is_cached(doc: Document) -> None:
    hits = doc.find_all("Ketamine")
    assert doc.find_all("Ketamine") is hits


def test_sentences_overlapping(doc: Document) -> None:
    start = ARTICLE.index("NMDA")
    end = ARTICLE.index("believe")
    assert [s.text for s in doc.sentences_overlapping(start, end)] == [
        "Ketamine acts on NMDA receptors.",
        "Researchers believe it may help with depression.",
    ]
    assert doc.sentences_overlapping(0, 22) == []  # the heading is no sentence


# --- hints for a quote that is not verbatim in the source ---------------------------------------


def test_hint_for_a_quote_in_nfd_when_the_source_is_nfc(doc: Document) -> None:
    assert quote_hint(doc, unicodedata.normalize("NFD", "naïve user")) == (
        "the quote differs from the source only by Unicode normalisation (the source is NFC, "
        "the quote is not): retype it or normalise it to NFC"
    )


def test_hint_for_a_quote_in_nfc_when_the_source_is_nfd() -> None:
    doc = Document(unicodedata.normalize("NFD", ARTICLE))
    assert quote_hint(doc, "naïve user") == (
        "the quote differs from the source only by Unicode normalisation (the source is NFD, "
        "the quote is NFC): copy it from the source"
    )


def test_hint_for_straight_quote_marks_names_the_source_character(doc: Document) -> None:
    assert quote_hint(doc, "The drug's effects") == (
        "the source has it with other quote marks, dashes, spacing or case (the source uses ’ (U+2019)); "
        "copy it from: 'The drug’s effects are rapid.'"
    )


def test_hint_for_dashes_and_non_breaking_spaces() -> None:
    doc = Document("It works\u00a0fast \u2013 really.")
    assert quote_hint(doc, "It works fast - really.") == (
        "the source has it with other quote marks, dashes, spacing or case "
        "(the source uses \u00a0 (U+00A0), \u2013 (U+2013)); copy it from: 'It works\\xa0fast \u2013 really.'"
    )


def test_hint_for_case_and_spacing(doc: Document) -> None:
    assert quote_hint(doc, "researchers  believe\nit may help") == (
        "the source has it with other quote marks, dashes, spacing or case; "
        "copy it from: 'Researchers believe it may help with depression.'"
    )


def test_hint_with_the_closest_passage(doc: Document) -> None:
    assert quote_hint(doc, "A naive person may feel dissociated.") == (
        "closest passage in the source: 'A naïve user may feel dissociation.'"
    )


def test_hint_when_nothing_is_close(doc: Document) -> None:
    assert quote_hint(doc, "Lorem ipsum dolor sit amet.") == "no similar passage found in the source"
    assert quote_hint(doc, "?!") == "no similar passage found in the source"


def test_hint_clips_a_long_passage() -> None:
    sentence = "Ketamine " + "acts on many receptors " * 10 + "today."
    hint = quote_hint(Document(sentence), "ketamine " + "acts on many receptors " * 10 + "today.")
    shown = sentence[:159] + "…"
    assert hint == f"the source has it with other quote marks, dashes, spacing or case; copy it from: {shown!r}"


def test_hint_in_a_text_without_sentences_uses_paragraphs() -> None:
    doc = Document("Heading only")
    assert quote_hint(doc, "heading ONLY") == (
        "the source has it with other quote marks, dashes, spacing or case; copy it from: 'Heading only'"
    )


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=300), st.text(min_size=1, max_size=40))
def test_document_and_hints_never_raise(text: str, quote: str) -> None:
    doc = Document(text)
    for span in (*doc.paragraphs, *doc.sentences):
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()
    assert isinstance(quote_hint(doc, quote), str)
    for hit in doc.find_all(quote):
        assert text[hit : hit + len(quote)] == quote


def test_intervals_union_merges_overlapping_and_touching_spans() -> None:
    assert Intervals([]).union().items == []
    assert Intervals([(5, 8), (0, 3), (2, 4), (8, 9), (10, 12)]).union().items == [(0, 4), (5, 9), (10, 12)]
    assert Intervals([(0, 10), (2, 3)]).union().items == [(0, 10)]


@pytest.mark.parametrize(
    ("start", "end", "covered"), [(5, 8, 3), (12, 25, 5), (10, 20, 0), (0, 40, 20), (25, 26, 1), (-5, 0, 0)]
)
def test_intervals_count_the_covered_characters_once(start: int, end: int, covered: int) -> None:
    spans = Intervals([(0, 10), (20, 30), (22, 28), (0, 4)])
    assert spans.covered(start, end) == covered
    assert Intervals([]).covered(start, end) == 0


def test_intervals_find_what_a_scan_of_every_span_finds() -> None:
    items = [(i * 7 % 50, i * 7 % 50 + i % 9 + 1, i) for i in range(60)]
    spans = Intervals(items)
    for start in range(0, 60, 3):
        for end in range(start + 1, 62, 5):
            scan = sorted(x for x in items if x[0] < end and start < x[1])
            assert spans.overlapping(start, end) == scan
