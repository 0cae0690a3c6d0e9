"""Sentences of a source text, with character offsets.

Paragraphs and headings come from :class:`ketagraph.text.Document` (a heading is one sentence);
each paragraph is split by syntok, whose rules know abbreviations such as "Dr.", "U.S." and
"e.g.", decimals and closing quotes. Offsets are Python string indices (code points) into the
text, so ``text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import syntok.segmenter as segmenter

from ketagraph.text import Document

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text[start:end]`` of a source, and whether it is a heading."""

    start: int
    end: int
    text: str
    heading: bool = False


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order; headings are one sentence each."""
    out: list[Sentence] = []
    for para in Document(text).paragraphs:
        if para.kind == "heading":
            out.append(Sentence(para.start, para.end, para.text, heading=True))
            continue
        for paragraph in segmenter.analyze(para.text):
            for tokens in paragraph:
                if not tokens:
                    continue
                start = para.start + tokens[0].offset
                end = para.start + tokens[-1].offset + len(tokens[-1].value)
                out.append(Sentence(start, end, text[start:end]))
    return out
