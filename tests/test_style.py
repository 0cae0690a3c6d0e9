"""ketagraph.style: the visual grammar every view reads (graph, legend, exports)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ketagraph.model import CERTAINTIES, ENTITY_TYPES, RELATIONS
from ketagraph.style import (
    CERTAINTY_STYLES,
    LAYERS,
    NEGATED_COLOR,
    TYPE_STYLES,
    certainty_css,
    edge_label,
    legend_data,
    type_style,
)

HEX = re.compile(r"#[0-9A-Fa-f]{6}")
#: Node shapes that vis-network draws with the label outside the shape (readable at any size).
LABEL_OUTSIDE = {"dot", "star", "triangle", "triangleDown", "square", "diamond", "hexagon"}
DOT_SHAPES = {"star", "triangle", "invtriangle", "circle", "hexagon", "box", "diamond"}


def test_every_vocabulary_entry_has_a_style() -> None:
    assert list(TYPE_STYLES) == list(ENTITY_TYPES)
    assert set(LAYERS) == set(ENTITY_TYPES)
    assert list(CERTAINTY_STYLES) == list(CERTAINTIES)


@pytest.mark.parametrize("name", list(ENTITY_TYPES))
def test_type_styles_are_valid_colours_and_shapes(name: str) -> None:
    s = TYPE_STYLES[name]
    assert HEX.fullmatch(s.color) and HEX.fullmatch(s.border)
    assert s.shape in LABEL_OUTSIDE
    assert s.dot_shape in DOT_SHAPES
    assert len(s.symbol) == 1


def test_types_are_told_apart_by_colour_and_shape_together() -> None:
    looks = [(s.color, s.shape) for s in TYPE_STYLES.values()]
    assert len(set(looks)) == len(looks)
    assert len({s.color.upper() for s in TYPE_STYLES.values()}) == len(TYPE_STYLES)


def test_unknown_type_falls_back_to_a_neutral_style() -> None:
    fallback = type_style("no-such-type")
    assert fallback not in TYPE_STYLES.values()
    assert fallback.shape in LABEL_OUTSIDE and HEX.fullmatch(fallback.color)
    assert type_style("drug") is TYPE_STYLES["drug"]


def test_certainty_line_styles_go_from_solid_to_dotted() -> None:
    established, reported, suggested, speculative = (CERTAINTY_STYLES[c] for c in CERTAINTIES)
    assert established.dashes is False and established.dot_style == "solid"
    assert speculative.dot_style == "dotted"
    for s in (reported, suggested, speculative):
        assert isinstance(s.dashes, tuple) and len(s.dashes) == 2 and all(n > 0 for n in s.dashes)
    # Every certainty is drawn differently, and weaker claims are drawn lighter and thinner.
    patterns = [s.dashes for s in CERTAINTY_STYLES.values()]
    assert len({str(p) for p in patterns}) == len(patterns)
    widths = [s.width for s in CERTAINTY_STYLES.values()]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == len(widths)
    for s in CERTAINTY_STYLES.values():
        assert HEX.fullmatch(s.color)


def test_negation_has_its_own_colour() -> None:
    assert HEX.fullmatch(NEGATED_COLOR)
    assert NEGATED_COLOR not in {s.color for s in CERTAINTY_STYLES.values()}


def test_mechanism_layers_run_drug_to_outcomes() -> None:
    assert LAYERS["drug"] < LAYERS["receptor"] < LAYERS["neurotransmitter"] < LAYERS["brain-function"]
    assert LAYERS["brain-function"] < LAYERS["effect"] < LAYERS["condition"]
    assert LAYERS["condition"] == LAYERS["risk"]


@pytest.mark.parametrize("relation", list(RELATIONS))
def test_edge_labels(relation: str) -> None:
    text = relation.replace("_", " ")
    assert edge_label(relation, "affirmed") == text
    assert edge_label(relation, "negated") == f"not {text}"
    assert "_" not in edge_label(relation, "affirmed")


# --- one palette, one legend -------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "ketagraph"


def test_the_certainty_palette_is_written_in_style_py_alone() -> None:
    """Badges, article highlights (the explorer's and the curation page's) and legends take the
    certainty's colour from CERTAINTY_STYLES: no other Python or JavaScript file spells a
    certainty's hue, and no stylesheet gives a certainty class a colour of its own."""
    hues = {s.hue.lower() for s in CERTAINTY_STYLES.values()}
    assert len(hues) == len(CERTAINTIES) and all(HEX.fullmatch(h) for h in hues)
    style_py = SRC / "style.py"
    files = [p for p in SRC.rglob("*") if p.suffix in {".py", ".js", ".css"} and "bundle" not in p.name]
    assert style_py in files and len([p for p in files if p.suffix == ".css"]) >= 4
    certainty_class = re.compile(r"\.kgc?-(" + "|".join(CERTAINTIES) + r")\b")
    colour = re.compile(r"#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(")
    for path in files:
        text = path.read_text(encoding="utf-8").lower()
        if path.suffix != ".css":
            assert path == style_py or not hues & set(HEX.findall(text)), f"{path} spells a certainty's colour"
            continue
        for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", text, flags=re.S)):
            if certainty_class.search(selector):
                assert not colour.search(body), f"{path}: {selector.strip()} has a colour of its own"


def test_certainty_css_gives_each_certainty_its_hue_and_pattern() -> None:
    rules = dict(re.findall(r"\.kg-([a-z]+) \{ ([^}]*) \}", certainty_css()))
    assert list(rules) == list(CERTAINTIES)
    for name, body in rules.items():
        s = CERTAINTY_STYLES[name]
        assert body == f"--kg-certainty: {s.hue}; --kg-certainty-line: {s.pattern};"
    assert [CERTAINTY_STYLES[c].pattern for c in CERTAINTIES] == ["solid", "dashed", "dashed", "dotted"]


def test_the_legend_data_is_the_style_tables() -> None:
    data = legend_data()
    assert [t["type"] for t in data["types"]] == sorted(ENTITY_TYPES, key=lambda t: (LAYERS[t], t))
    for t in data["types"]:
        s = TYPE_STYLES[t["type"]]
        assert (t["symbol"], t["color"], t["border"], t["meaning"]) == (
            s.symbol,
            s.color,
            s.border,
            ENTITY_TYPES[t["type"]],
        )
    assert [c["certainty"] for c in data["certainties"]] == list(CERTAINTIES)
    for c in data["certainties"]:
        s = CERTAINTY_STYLES[c["certainty"]]
        assert (c["pattern"], c["width"], c["color"], c["hue"]) == (s.pattern, s.width, s.color, s.hue)
        assert c["meaning"] == CERTAINTIES[c["certainty"]]
    assert data["negated"]["color"] == NEGATED_COLOR and "not" in data["negated"]["text"]
    # A graph's own types, in column order.
    assert [t["type"] for t in legend_data({"condition", "drug"})["types"]] == ["drug", "condition"]
    json.dumps(data)
