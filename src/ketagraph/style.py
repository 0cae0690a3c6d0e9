"""The visual grammar, in one place: colour and shape per entity type, line style per certainty.

The app's graph, its legend, the standalone HTML export and the Graphviz export all read these
tables, so a reader learns the grammar once. Colours are from the Okabe-Ito and Tol palettes
(distinguishable with the common forms of colour blindness); certainty is also carried by the
line pattern, and negation by a bar-shaped arrow head and a "not" label, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ketagraph.model import CERTAINTIES, ENTITY_TYPES

__all__ = [
    "CERTAINTY_STYLES",
    "LAYERS",
    "NEGATED_COLOR",
    "TYPE_STYLES",
    "CertaintyStyle",
    "TypeStyle",
    "edge_label",
    "type_style",
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
    color: str
    dot_style: str  # Graphviz ``style``
    label: str  # how the legend draws it


TYPE_STYLES: Mapping[str, TypeStyle] = MappingProxyType(
    {
        "drug": TypeStyle("#D55E00", "#8A3C00", "star", "star", "★"),
        "receptor": TypeStyle("#0072B2", "#004A75", "triangle", "triangle", "▲"),
        "neurotransmitter": TypeStyle("#56B4E9", "#2A7DB0", "dot", "circle", "●"),
        "brain-system": TypeStyle("#009E73", "#006449", "hexagon", "hexagon", "⬢"),
        "brain-function": TypeStyle("#7FC97F", "#3E8E3E", "square", "box", "■"),
        "effect": TypeStyle("#E69F00", "#9A6A00", "dot", "circle", "●"),
        "condition": TypeStyle("#CC79A7", "#8E4572", "diamond", "diamond", "◆"),
        "risk": TypeStyle("#B2182B", "#6E0F1A", "triangleDown", "invtriangle", "▼"),
        "therapy": TypeStyle("#7B3294", "#4E1F5E", "diamond", "diamond", "◆"),
        "use": TypeStyle("#A6761D", "#6B4C12", "square", "box", "■"),
        "practice": TypeStyle("#1B9E77", "#126B50", "square", "box", "■"),
        "organization": TypeStyle("#666666", "#333333", "square", "box", "■"),
        "person": TypeStyle("#F0E442", "#A39A1F", "star", "star", "★"),
        "regulation": TypeStyle("#444444", "#111111", "hexagon", "hexagon", "⬢"),
        "research": TypeStyle("#80B1D3", "#4F7F9F", "dot", "circle", "●"),
        "population": TypeStyle("#BC80BD", "#7F4F80", "dot", "circle", "●"),
    }
)

_FALLBACK = TypeStyle("#999999", "#555555", "dot", "circle", "●")

CERTAINTY_STYLES: Mapping[str, CertaintyStyle] = MappingProxyType(
    {
        "established": CertaintyStyle(False, 3.0, "#2B2B2B", "solid", "━━━ solid"),
        "reported": CertaintyStyle((12, 4), 2.5, "#4A4A4A", "dashed", "── ── long dashes"),
        "suggested": CertaintyStyle((6, 6), 2.0, "#6E6E6E", "dashed", "- - - dashes"),
        "speculative": CertaintyStyle((2, 6), 1.5, "#8C8C8C", "dotted", "· · · dots"),
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


def edge_label(relation: str, polarity: str) -> str:
    """The text drawn on an edge: the relation, readable, with "not" for a negated claim."""
    text = relation.replace("_", " ")
    return f"not {text}" if polarity == "negated" else text
