"""ketagraph explorer: ``streamlit run app.py`` (another graph: ``streamlit run app.py -- --graph DIR``)."""

from pathlib import Path

from ketagraph.ui.app import main

main(default_graph=Path(__file__).parent / "graph")
