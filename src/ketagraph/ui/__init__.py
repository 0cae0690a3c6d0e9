"""The Streamlit app: the explorer page, its state, panels and component (Streamlit is imported only
in this package; ``state``, ``payloads``, ``markup`` and ``wire`` are pure and tested without it)."""
