"""The ketagraph benchmark (``python -m bench.run``) and what it shares with the browser tests:
``bench.generate`` makes synthetic graphs, ``bench.browser`` serves the app and names Chromium."""
