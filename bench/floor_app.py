"""A bare Streamlit page, one line of text: the machine's floor for a page load (``bench/run.py``)."""

import streamlit as st

st.markdown("ketagraph bench floor")
