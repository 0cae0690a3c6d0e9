"""Curating an article: start a source, draft claims, review them, write decisions back safely.

The core of the curation workflow, shared by the CLI (``ketagraph new-source``, ``ketagraph draft``)
and the app's curation mode. Nothing here imports Streamlit.

- :mod:`~ketagraph.curate.new_source`: a text, Markdown or simple HTML file -> a new source folder;
- :mod:`~ketagraph.curate.sentences`: sentences with character offsets (syntok);
- :mod:`~ketagraph.curate.cues`: the cue table (hedges, attribution, negation, relation words),
  in one place, used by the drafter and by the validator's hedge warning;
- :mod:`~ketagraph.curate.draft`: proposed claims, kept apart from accepted ones in ``drafts.json``;
- :mod:`~ketagraph.curate.writeback`: round-trip YAML edits, validated, atomic, locked, journalled.
"""
