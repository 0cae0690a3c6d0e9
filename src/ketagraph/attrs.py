"""The names of the claim graph's attributes, in one place.

:func:`ketagraph.build.build_graph` sets them; queries, renderers and exporters read them. Importing
this module costs nothing (no networkx, no loader), so any module may name an attribute.

- node (an entity, keyed by its id): :data:`LABEL`, :data:`TYPE`, :data:`ALIASES` (list),
  :data:`DESCRIPTION`, :data:`XREFS` (list);
- edge (a claim, keyed by its id, ``subject -> object``): :data:`RELATION`, :data:`CERTAINTY`,
  :data:`POLARITY`, :data:`QUALIFIERS` (mapping), :data:`EVIDENCE` (list of mappings with the
  keys :data:`EVIDENCE_KEYS`), :data:`NOTE`;
- graph: ``name`` and :data:`SOURCES`, a mapping of source id to its metadata.
"""

from __future__ import annotations

__all__ = [
    "ALIASES",
    "CERTAINTY",
    "DESCRIPTION",
    "EVIDENCE",
    "EVIDENCE_KEYS",
    "LABEL",
    "NOTE",
    "POLARITY",
    "QUALIFIERS",
    "RELATION",
    "SOURCES",
    "TYPE",
    "XREFS",
]

# Node attributes
LABEL = "label"
TYPE = "type"
ALIASES = "aliases"
DESCRIPTION = "description"
XREFS = "xrefs"
# Edge attributes
RELATION = "relation"
CERTAINTY = "certainty"
POLARITY = "polarity"
QUALIFIERS = "qualifiers"
EVIDENCE = "evidence"
NOTE = "note"
#: The keys of each item of a claim's :data:`EVIDENCE`, in the order they are written.
EVIDENCE_KEYS = ("source", "quote", "start", "end", "section")
# Graph attributes
SOURCES = "sources"
