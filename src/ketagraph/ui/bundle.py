"""What the explorer component's browser code is made of (no Streamlit here: :mod:`ketagraph.ui.component`
registers it; the tests check it on its own).

One script, ``explorer.bundle.js``: vis-network from the installed pyvis, then the panel, legend and
focus code the HTML export shares (``ketagraph/assets/shared.js``, see :mod:`ketagraph.panel`), then
the component's style sheet as a string (``KG_COMPONENT_CSS``: the certainty palette, ``shared.css``,
then ``explorer.css``), then ``explorer.js``. The script adopts the style sheet into each root it
renders into before it draws: given to Streamlit as a file of its own, the sheet sometimes arrived
after the graph had been sized and fitted (its canvas not yet positioned, 158 px tall), and the
drawing was fitted again a frame later.
"""

from __future__ import annotations

import json
from pathlib import Path

from ketagraph import panel
from ketagraph.render import vis_network_js

__all__ = ["ASSET_DIR", "SOURCES", "bundle_css", "bundle_js", "component_js"]

ASSET_DIR = Path(__file__).parent / "assets"
#: The files the bundle is made from (besides vis-network): an edited one is bundled again.
SOURCES = (
    ASSET_DIR / "explorer.js",
    ASSET_DIR / "explorer.css",
    panel.ASSET_DIR / "shared.js",
    panel.ASSET_DIR / "shared.css",
)


def bundle_css() -> str:
    """The certainty palette and the shared panel styles, then the component's own."""
    return panel.shared_css() + (ASSET_DIR / "explorer.css").read_text("utf-8")


def component_js() -> str:
    """The bundle after vis-network: the shared panel code, the style sheet, the component's script."""
    css = f"const KG_COMPONENT_CSS = {json.dumps(bundle_css())};\n"
    return panel.shared_js() + css + (ASSET_DIR / "explorer.js").read_text("utf-8")


def bundle_js() -> str:
    """vis-network, then :func:`component_js`: what the browser runs."""
    return vis_network_js() + component_js()
