"""The visual grammar, in one place: colour and shape per entity type, line style and colour per
certainty, and the legend that explains them.

The app's graph, its legends (sidebar and canvas), the detail panel's badges, the article's
highlights, the standalone HTML export and the Graphviz export all read these tables (the
browser's stylesheets through :func:`certainty_css`, the legends through :func:`legend_data`), so a
reader learns the grammar once. Colours are from the Okabe-Ito and Tol palettes
(distinguishable with the common forms of colour blindness); certainty is also carried by the
line pattern, and negation by a bar-shaped arrow head and a "not" label, never by colour alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ketagraph.model import CERTAINTIES, ENTITY_TYPES

__all__ = [
    "CERTAINTY_STYLES",
    "FAINT_TEXT",
    "FLOW_ROUNDNESS",
    "LABEL_LINE",
    "LAYERS",
    "NEGATED_COLOR",
    "NEGATED_TEXT",
    "NODE_FONT",
    "TYPE_STYLES",
    "CertaintyStyle",
    "TypeStyle",
    "certainty_css",
    "edge_label",
    "label_box",
    "legend_data",
    "node_size",
    "skips_columns",
    "text_width",
    "type_style",
    "wrap_label",
]


@dataclass(frozen=True, slots=True)
class TypeStyle:
    color: str  # fill colour
    border: str  # outline colour
    shape: str  # a vis-network shape with the label outside it
    dot_shape: str  # the closest Graphviz shape
    symbol: str  # a text symbol for legends


@dataclass(frozen=True, slots=True)
class CertaintyStyle:
    dashes: bool | tuple[int, int]  # vis-network ``dashes``
    width: float
    color: str  # the edge's colour (greys: colour on the canvas belongs to the entity types)
    dot_style: str  # Graphviz ``style``
    label: str  # how the legend draws it
    #: The certainty's own colour (Okabe-Ito, dark enough for white text): the panel's badge, the
    #: article's highlight (tinted), its underline.
    hue: str = "#666666"

    @property
    def pattern(self) -> str:
        """The line pattern as CSS names it: ``solid``, ``dashed`` or ``dotted``."""
        return "solid" if not self.dashes else ("dotted" if self.dot_style == "dotted" else "dashed")


TYPE_STYLES: Mapping[str, TypeStyle] = MappingProxyType(
    {
        # The mechanism chain (drug -> targets -> neurotransmitters and systems -> functions ->
        # effects -> conditions): seven types, seven shapes, seven Okabe-Ito / Tol colours.
        "drug": TypeStyle("#D55E00", "#8A3C00", "star", "star", "★"),
        "receptor": TypeStyle("#0072B2", "#004A75", "triangle", "triangle", "▲"),
        "neurotransmitter": TypeStyle("#56B4E9", "#2A7DB0", "dot", "circle", "●"),
        "brain-system": TypeStyle("#009E73", "#006449", "hexagon", "hexagon", "⬢"),
        "brain-function": TypeStyle("#DDCC77", "#8A7A2A", "square", "box", "■"),
        "effect": TypeStyle("#E69F00", "#9A6A00", "diamond", "diamond", "◆"),
        "condition": TypeStyle("#CC79A7", "#8E4572", "triangleDown", "invtriangle", "▼"),
        # The other perspectives' types: a shape not used by the types they are shown with.
        "risk": TypeStyle("#882255", "#4F1331", "dot", "circle", "●"),
        "therapy": TypeStyle("#332288", "#1C134D", "hexagon", "hexagon", "⬢"),
        "use": TypeStyle("#999933", "#5E5E1F", "triangle", "triangle", "▲"),
        "practice": TypeStyle("#44AA99", "#2A6B60", "square", "box", "■"),
        "organization": TypeStyle("#777777", "#3F3F3F", "square", "box", "■"),
        "person": TypeStyle("#F0E442", "#A39A1F", "diamond", "diamond", "◆"),
        "regulation": TypeStyle("#333333", "#000000", "triangle", "triangle", "▲"),
        "research": TypeStyle("#88CCEE", "#4F7F9F", "square", "box", "■"),
        "population": TypeStyle("#AA4499", "#6B2A60", "diamond", "diamond", "◆"),
    }
)

_FALLBACK = TypeStyle("#999999", "#555555", "dot", "circle", "●")

CERTAINTY_STYLES: Mapping[str, CertaintyStyle] = MappingProxyType(
    {
        "established": CertaintyStyle(False, 3.0, "#2B2B2B", "solid", "━━━ solid", hue="#0072B2"),
        "reported": CertaintyStyle((12, 4), 2.5, "#4A4A4A", "dashed", "── ── long dashes", hue="#009E73"),
        "suggested": CertaintyStyle((6, 6), 2.0, "#6E6E6E", "dashed", "- - - dashes", hue="#B07A00"),
        "speculative": CertaintyStyle((2, 6), 1.5, "#8C8C8C", "dotted", "· · · dots", hue="#A0528A"),
    }
)

#: Colour of negated claims (with a bar arrow head and a "not" label as well).
NEGATED_COLOR = "#C0392B"

#: Column of each entity type in the "mechanism" layout, left to right:
#: drug -> targets -> neurotransmitter systems -> functions -> effects and therapies -> outcomes.
LAYERS: Mapping[str, int] = MappingProxyType(
    {
        "person": 0,
        "organization": 0,
        "drug": 1,
        "regulation": 1,
        "use": 1,
        "receptor": 2,
        "brain-system": 2,
        "neurotransmitter": 3,
        "brain-function": 4,
        "research": 4,
        "practice": 4,
        "effect": 5,
        "therapy": 5,
        "condition": 6,
        "risk": 6,
        "population": 6,
    }
)

assert set(TYPE_STYLES) == set(ENTITY_TYPES) == set(LAYERS), "style tables must cover every entity type"
assert set(CERTAINTY_STYLES) == set(CERTAINTIES), "style tables must cover every certainty"


def type_style(entity_type: str) -> TypeStyle:
    return TYPE_STYLES.get(entity_type, _FALLBACK)


#: What the legends say of the two things drawn besides types and certainties.
NEGATED_TEXT = "negated: the article says it does not hold (red, bar-shaped head, “not …”)"
FAINT_TEXT = "faint: the drug's claims that skip columns (hover or select to see)"


def legend_data(types: Iterable[str] | None = None) -> dict[str, Any]:
    """The legend as plain JSON data, the one source of every legend: the sidebar's, the canvas's,
    the HTML export's and the Graphviz figure's.

    ``types`` limits the entity types to those (a graph's own); they come in the mechanism's
    column order. Each certainty has its line (``pattern``, ``width``, edge ``color``) and its
    ``hue`` (badge, highlight).
    """
    wanted = set(TYPE_STYLES if types is None else types)
    order = sorted(wanted, key=lambda t: (LAYERS.get(t, 99), t))
    return {
        "types": [
            {
                "type": t,
                "meaning": ENTITY_TYPES.get(t, ""),
                "symbol": type_style(t).symbol,
                "color": type_style(t).color,
                "border": type_style(t).border,
            }
            for t in order
        ],
        "certainties": [
            {
                "certainty": c,
                "meaning": CERTAINTIES[c],
                "pattern": s.pattern,
                "width": s.width,
                "color": s.color,
                "hue": s.hue,
            }
            for c, s in CERTAINTY_STYLES.items()
        ],
        "negated": {"color": NEGATED_COLOR, "text": NEGATED_TEXT},
        "faint": FAINT_TEXT,
    }


def certainty_css(prefix: str = "kg") -> str:
    """The certainty palette as CSS custom properties, for the browser's stylesheets (the app's
    component, the curation page and the HTML export prepend it): an element of class
    ``<prefix>-<certainty>`` gets ``--kg-certainty`` (its hue) and ``--kg-certainty-line`` (its
    pattern).

    >>> certainty_css().splitlines()[0]
    '.kg-established { --kg-certainty: #0072B2; --kg-certainty-line: solid; }'
    """
    return "".join(
        f".{prefix}-{c} {{ --kg-certainty: {s.hue}; --kg-certainty-line: {s.pattern}; }}\n"
        for c, s in CERTAINTY_STYLES.items()
    )


def edge_label(relation: str, polarity: str) -> str:
    """The text drawn on an edge: the relation, readable, with "not" for a negated claim."""
    text = relation.replace("_", " ")
    return f"not {text}" if polarity == "negated" else text


# ------------------------------------------------------------------ labels and node sizes
# The layered layout reserves room for each node's shape and label, and the graph draws them at
# these sizes: both read them here, so the space the layout leaves is the space the label takes.

#: Node label font size, in canvas pixels (vis-network ``nodes.font.size``).
NODE_FONT = 14
#: The ``roundness`` of the horizontal cubic Bezier an edge between columns is drawn as: the layout
#: slides nodes out of the way of the curves it makes.
FLOW_ROUNDNESS = 0.45
#: Height of one label line, in canvas pixels (vis-network draws lines ``font.size`` apart, plus a
#: little; a margin here keeps the estimate on the safe side).
LABEL_LINE = 17
#: Width of a label line before wrapping, in canvas pixels (about 14 characters).
LABEL_WIDTH = 112.0
#: Lines shown at most; the rest of the label is cut with "…" (the tooltip holds it in full).
LABEL_LINES = 3

# Glyph widths in em of DejaVu Sans (the sans-serif of Debian's Chromium, one of the widest), by
# class: a safe overestimate for narrower faces.
_NARROW = frozenset("ijlftrI.,:;'!|()[] -/")
_WIDE = frozenset("mwMW@%")


def wrap_label(text: str, width: float = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """``text`` on lines at most ``width`` pixels wide (at :data:`NODE_FONT`), broken at spaces or
    after a hyphen, never inside a word; a longer word stays whole.

    >>> wrap_label("Treatment-resistant depression")
    'Treatment-\\nresistant\\ndepression'
    """
    out: list[str] = []
    for word in text.split():
        pieces = re.findall(r"[^-]+-*|-+", word)  # "Treatment-resistant" -> "Treatment-", "resistant"
        for i, piece in enumerate(pieces):
            joined = out[-1] + ("" if i else " ") + piece if out else piece
            if out and text_width(joined) <= width:
                out[-1] = joined
            else:
                out.append(piece)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1] + "…"
    return "\n".join(out)


def text_width(line: str, font: float = NODE_FONT) -> float:
    """An estimate of ``line``'s drawn width in pixels at ``font`` pixels, on the generous side."""
    em = 0.0
    for ch in line:
        if ch in _NARROW:
            em += 0.36
        elif ch in _WIDE:
            em += 0.95
        elif ch.isupper() or ch.isdigit():
            em += 0.7
        else:
            em += 0.62
    return em * font


def label_box(label: str, font: float = NODE_FONT) -> tuple[float, float]:
    """Width and height (canvas pixels) of a wrapped label drawn at ``font`` pixels."""
    lines = label.split("\n") if label else [""]
    return max(text_width(line, font) for line in lines), len(lines) * LABEL_LINE * font / NODE_FONT


def node_size(degree: int) -> float:
    """The drawn size (vis-network ``size``, about the radius) of a node in a labelled view."""
    return round(min(9.0 + 2.0 * math.sqrt(degree), 22.0), 1)


def skips_columns(subject_type: str, object_type: str) -> bool:
    """Whether a claim between entities of these types is a drug's that skips at least one column
    of the mechanism layout (ketamine causes euphoria): drawn faint, so that the chain through the
    columns stays readable, and shown on hover or selection."""
    if "drug" not in (subject_type, object_type) or subject_type == object_type:
        return False
    return abs(LAYERS.get(subject_type, 0) - LAYERS.get(object_type, 0)) > 1
