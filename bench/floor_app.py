"""The least page with the explorer's component: its boot element (the script, vis-network in it, and
nothing drawn) and one line of text. ``bench/run.py`` times it: when the script runs at the earliest,
and when such a page has settled, on this machine that day."""

import streamlit as st

from ketagraph.ui import component

component.boot(key="kg_boot")
st.markdown("ketagraph bench floor")
