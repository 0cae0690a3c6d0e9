"""The Streamlit side of ketagraph: the explorer component (the only modules that import streamlit)."""
