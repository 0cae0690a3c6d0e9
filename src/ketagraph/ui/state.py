"""The explorer page's state: one registry of session keys, the view as a record, and its URL.

Everything the page keeps between reruns lives in ``st.session_state`` under a key named here, and
only here (:data:`KEYS`); :func:`reset_for_new_graph` is a function of that registry. What the URL
describes (selection, filters, focus, layout, scene, path) is a :class:`ViewState`, read from the
query parameters by :meth:`ViewState.from_query` and written back by :meth:`ViewState.to_query`.
What the graph shows is a :class:`ViewKey`, the hashable name of the shown graph for the caches.

No Streamlit here: the page hands in ``st.session_state`` and ``st.query_params`` as the plain
mappings they are, so every rule is a pure function with tests of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import networkx as nx

from ketagraph.build import TYPE
from ketagraph.layout import LAYOUTS, PERSPECTIVES, default_perspective
from ketagraph.model import CERTAINTIES, ENTITY_TYPES, RELATIONS

#: ``st.session_state`` (or a plain dict in the tests). Its keys are typed ``str | int`` by Streamlit.
Session = MutableMapping[Any, Any]

__all__ = [
    "KEYS",
    "Allowed",
    "Key",
    "Scene",
    "Selection",
    "ViewKey",
    "ViewState",
    "apply_pick",
    "is_registered",
    "reset_for_new_graph",
    "select",
]


# ------------------------------------------------------------------ the registry of session keys


@dataclass(frozen=True)
class Key:
    """A session-state key of the explorer page (or a family of them, ``kg_hit_<entity>``)."""

    name: str
    doc: str
    #: ``True`` when a new graph (an upload, back to the shipped one) keeps it.
    keep: bool = False
    #: ``True`` when ``name`` is the prefix of a family of keys.
    prefix: bool = False


_REGISTRY: list[Key] = []


def _k(name: str, doc: str, *, keep: bool = False, prefix: bool = False) -> str:
    _REGISTRY.append(Key(name, doc, keep=keep, prefix=prefix))
    return name


# What the URL describes: the view (ViewState's fields).
SEL = _k("kg_sel", "the selection: {'kind': 'node'|'claim', 'id': ...} or None")
TYPES = _k("kg_types", "entity-type filter (multiselect)")
RELATIONS_KEY = _k("kg_relations", "relation filter (multiselect)")
CERTAINTY = _k("kg_certainty", "certainty filter (multiselect)")
SOURCES = _k("kg_sources", "source filter (multiselect, shown with two sources or more)")
LAYOUT = _k("kg_layout", "layout radio")
PERSPECTIVE = _k("kg_perspective", "perspective radio")
EXPANDED = _k("kg_expanded", "entities whose neighbours were added to the scene (double-click)")
DISMISSED = _k("kg_dismissed", "entities taken out of the scene")
FOCUS = _k("kg_focus", "'only the neighbourhood of the selection' toggle")
DEPTH = _k("kg_depth", "the neighbourhood's depth radio")
PATH_FROM = _k("kg_from", "path section: start entity")
PATH_TO = _k("kg_to", "path section: end entity")
DIRECTED = _k("kg_directed", "path section: follow the direction of claims")
PATHS_OPEN = _k("kg_paths_open", "path section expander (open = paths are searched)")
# The page's own bookkeeping.
INIT = _k("kg_init", "the URL was read into the session")
QUERY = _k("kg_q", "search box")
CENTER = _k("kg_center", "the entity the canvas centres on once: {'id', 'n'}")
NONCE = _k("kg_nonce", "counts centring requests, so the same entity can be centred again")
SHOWN = _k("kg_shown", "the ViewKey last drawn, for 'current view' exports")
PATH_CHOICE = _k("kg_path_choice", "which path is drawn")
PANEL_ALL = _k("kg_panel_all", "the hub whose panel shows all its claims ('Show all', above the page's limit)")
# Widgets and components (their values are Streamlit's).
BOOT = _k("kg_boot", "component: early script load")
BOOTED = _k("kg_booted", "the browser was given its head start on the script (a session's first run)", keep=True)
GRAPH = _k("kg_graph", "component: the canvas")
TITLE = _k("kg_title", "container: the page's title (the page style sizes its column to it)")
DETAILS = _k("kg_details", "component: the browser's detail panel")
ARTICLE = _k("kg_article", "component: the article")
VIEW = _k("kg_view", "component: the view state sent to the browser")
HIT = _k("kg_hit_", "buttons: search results, one per entity", prefix=True)
EXPORT_OPEN = _k("kg_export_open", "export expander (ui/downloads.py)")
EXPORT_SCOPE = _k("kg_export_scope", "export: whole graph or current view (ui/downloads.py)")
DOWNLOAD = _k("kg_dl_", "export download buttons (ui/downloads.py)", prefix=True)
UPLOAD_BACK = _k("kg_upload_back", "button: back to the shipped graph (ui/upload.py)")
DOWNLOAD_FOLDER = _k("kg_download_folder", "download the graph folder as a zip (ui/upload.py)")
# The upload (ui/upload.py): a new graph keeps these, and the section the user works in.
UPLOAD_DIR = _k("kg_upload_dir", "the upload's private folder", keep=True)
UPLOAD_ROOT = _k("kg_upload_root", "the uploaded graph folder inside it", keep=True)
UPLOAD_NAME = _k("kg_upload_name", "the uploaded file's name", keep=True)
UPLOAD_ERROR = _k("kg_upload_error", "why the last upload was refused", keep=True)
UPLOAD = _k("kg_upload", "file uploader", keep=True)
UPLOAD_OPEN = _k("kg_upload_open", "upload expander", keep=True)

#: Every key of the explorer page, by name.
KEYS: dict[str, Key] = {k.name: k for k in _REGISTRY}


def registered(key: str) -> Key | None:
    """The registry's entry for ``key`` (an exact name, or a member of a family), if any."""
    if key in KEYS:
        return KEYS[key]
    return next((k for k in KEYS.values() if k.prefix and key.startswith(k.name)), None)


def is_registered(key: str) -> bool:
    return registered(key) is not None


def reset_for_new_graph(session: Session) -> list[str]:
    """Forget the view of the old graph: every registered key a new graph does not keep.

    Returns the keys removed (sorted). The caller also clears the URL, which described the old graph.
    """
    gone = sorted(k for k in list(session) if (entry := registered(str(k))) is not None and not entry.keep)
    for k in gone:
        del session[k]
    return gone


# ------------------------------------------------------------------ the view


@dataclass(frozen=True)
class Selection:
    kind: Literal["node", "claim"]
    id: str

    def as_dict(self) -> dict[str, str]:
        """The session's and the component's form."""
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True)
class Allowed:
    """What exists in the graph the page shows: a URL or a session value naming anything else is dropped."""

    nodes: Collection[str]
    claims: Collection[str]
    types: tuple[str, ...]
    relations: tuple[str, ...]
    sources: tuple[str, ...]
    default_perspective: str
    certainties: tuple[str, ...] = tuple(CERTAINTIES)

    @classmethod
    def of(cls, G: nx.MultiDiGraph, claims: Collection[str], sources: Iterable[str]) -> Allowed:
        types = {d.get(TYPE, "") for _, d in G.nodes(data=True)}
        relations = {d["relation"] for _, _, d in G.edges(data=True)}
        return cls(
            nodes=G,
            claims=claims,
            types=tuple(t for t in ENTITY_TYPES if t in types),
            relations=tuple(r for r in RELATIONS if r in relations),
            sources=tuple(sorted(sources)),
            default_perspective=default_perspective(G),
        )

    def filter_values(self, key: str) -> tuple[str, ...]:
        return {TYPES: self.types, RELATIONS_KEY: self.relations, CERTAINTY: self.certainties, SOURCES: self.sources}[
            key
        ]


#: URL parameter -> session key of the four filters, in the URL's order.
FILTER_PARAMS = {"types": TYPES, "relations": RELATIONS_KEY, "certainty": CERTAINTY, "sources": SOURCES}
DEFAULT_LAYOUT = "mechanism"


def _listed(value: object) -> list[str]:
    return [v for v in value or () if isinstance(v, str)] if isinstance(value, (list, tuple)) else []


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


@dataclass(frozen=True)
class ViewState:
    """What the URL describes; every value exists in the graph (see :class:`Allowed`)."""

    perspective: str
    selection: Selection | None = None
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # session key -> values, URL order
    layout: str = DEFAULT_LAYOUT
    expanded: tuple[str, ...] = ()
    dismissed: tuple[str, ...] = ()
    focus: bool = False
    depth: int = 1
    paths_open: bool = False
    path_from: str | None = None
    path_to: str | None = None
    directed: bool = True

    @classmethod
    def from_query(cls, query: Mapping[str, str], allowed: Allowed) -> ViewState:
        """The view a URL names, keeping only values that exist in this graph."""
        selection = None
        if query.get("node") in allowed.nodes:
            selection = Selection("node", query["node"])
        elif query.get("claim") in allowed.claims:
            selection = Selection("claim", query["claim"])
        depth = query.get("focus", "")
        focus = depth in {"1", "2", "3"}
        start = query.get("from") if query.get("from") in allowed.nodes else None
        end = query.get("to") if query.get("to") in allowed.nodes else None
        return cls(
            perspective=query["view"] if query.get("view") in PERSPECTIVES else allowed.default_perspective,
            selection=selection,
            filters={
                key: tuple(v for v in _split(query.get(param)) if v in allowed.filter_values(key))
                for param, key in FILTER_PARAMS.items()
            },
            layout=query["layout"] if query.get("layout") in LAYOUTS else DEFAULT_LAYOUT,
            expanded=tuple(n for n in _split(query.get("expand")) if n in allowed.nodes),
            dismissed=tuple(n for n in _split(query.get("hide")) if n in allowed.nodes),
            focus=focus,
            depth=int(depth) if focus else 1,
            paths_open=bool(start or end),
            path_from=start,
            path_to=end,
            directed=query.get("undirected") != "1",
        )

    @classmethod
    def from_session(cls, session: Mapping[Any, Any], allowed: Allowed) -> ViewState:
        """The view the session holds, without values this graph does not have.

        The explorer runs before the sidebar's widgets in each script run, so after the graph folder
        changed (or a widget was not made last run) the session may hold values the graph no longer has.
        """
        sel = session.get(SEL)
        selection = None
        if isinstance(sel, dict) and isinstance(sel.get("id"), str):
            if sel.get("kind") == "node" and sel["id"] in allowed.nodes:
                selection = Selection("node", sel["id"])
            elif sel.get("kind") == "claim" and sel["id"] in allowed.claims:
                selection = Selection("claim", sel["id"])
        depth = session.get(DEPTH, 1)
        start, end = session.get(PATH_FROM), session.get(PATH_TO)
        return cls(
            perspective=session[PERSPECTIVE]
            if session.get(PERSPECTIVE) in PERSPECTIVES
            else allowed.default_perspective,
            selection=selection,
            filters={
                key: tuple(v for v in _listed(session.get(key)) if v in allowed.filter_values(key))
                for key in FILTER_PARAMS.values()
            },
            layout=session[LAYOUT] if session.get(LAYOUT) in LAYOUTS else DEFAULT_LAYOUT,
            expanded=tuple(n for n in _listed(session.get(EXPANDED)) if n in allowed.nodes),
            dismissed=tuple(n for n in _listed(session.get(DISMISSED)) if n in allowed.nodes),
            focus=bool(session.get(FOCUS)),
            depth=depth if depth in (1, 2, 3) else 1,
            paths_open=bool(session.get(PATHS_OPEN)),
            path_from=start if start in allowed.nodes else None,
            path_to=end if end in allowed.nodes else None,
            directed=bool(session.get(DIRECTED, True)),
        )

    def to_query(self, default_perspective: str) -> dict[str, str]:
        """The URL's parameters: only what differs from the plain page (``{}`` for the plain page)."""
        params: dict[str, str] = {}
        if self.selection is not None:
            params[self.selection.kind] = self.selection.id
        for param, key in FILTER_PARAMS.items():
            if self.filters.get(key):
                params[param] = ",".join(self.filters[key])
        if self.layout != DEFAULT_LAYOUT:
            params["layout"] = self.layout
        if self.perspective != default_perspective:
            params["view"] = self.perspective
        if self.expanded:
            params["expand"] = ",".join(self.expanded)
        if self.dismissed:
            params["hide"] = ",".join(self.dismissed)
        if self.focus:
            params["focus"] = str(self.depth)
        if self.paths_open:
            if self.path_from is not None:
                params["from"] = self.path_from
            if self.path_to is not None:
                params["to"] = self.path_to
            if not self.directed:
                params["undirected"] = "1"
        return params

    def to_session(self) -> dict[str, Any]:
        """The session's values for this view (the widgets show them)."""
        return {
            SEL: self.selection.as_dict() if self.selection else None,
            **{key: list(self.filters.get(key, ())) for key in FILTER_PARAMS.values()},
            LAYOUT: self.layout,
            PERSPECTIVE: self.perspective,
            EXPANDED: list(self.expanded),
            DISMISSED: list(self.dismissed),
            FOCUS: self.focus,
            DEPTH: self.depth,
            PATH_FROM: self.path_from,
            PATH_TO: self.path_to,
            DIRECTED: self.directed,
            PATHS_OPEN: self.paths_open,
        }

    @property
    def scene(self) -> Scene:
        return Scene(self.perspective, self.expanded, self.dismissed)

    def path_ends(self) -> tuple[str, str] | None:
        """The two entities to find paths between, while the sidebar's path section is open."""
        if not self.paths_open or self.path_from is None or self.path_to is None or self.path_from == self.path_to:
            return None
        return self.path_from, self.path_to

    def view_key(self, claim_ends: Mapping[str, tuple[str, str]]) -> ViewKey:
        """The shown graph's name: the filters (sorted), the focus and the scene."""
        focus_node = None
        if self.focus and self.selection is not None:
            sel = self.selection
            focus_node = sel.id if sel.kind == "node" else claim_ends[sel.id][0]
        return ViewKey(
            types=tuple(sorted(self.filters.get(TYPES, ()))),
            relations=tuple(sorted(self.filters.get(RELATIONS_KEY, ()))),
            certainties=tuple(sorted(self.filters.get(CERTAINTY, ()))),
            sources=tuple(sorted(self.filters.get(SOURCES, ()))),
            focus=focus_node,
            depth=self.depth,
            scene=self.scene,
        )


@dataclass(frozen=True)
class Scene:
    """A perspective's entities, with the neighbours of ``expanded`` ones and without ``dismissed`` ones."""

    perspective: str
    expanded: tuple[str, ...] = ()
    dismissed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewKey:
    """What the canvas shows, hashable: the caches of positions and payloads are keyed by it."""

    scene: Scene
    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    certainties: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    focus: str | None = None
    depth: int = 1


#: The whole graph, unfiltered.
EVERYTHING = ViewKey(Scene("everything"))


def init_session(session: Session, query: Mapping[str, str], allowed: Allowed) -> None:
    """Read the URL into the session, once per session (until a new graph resets it)."""
    if session.get(INIT):
        return
    session[INIT] = True
    for key, value in ViewState.from_query(query, allowed).to_session().items():
        session[key] = value
    session[QUERY] = ""
    session[CENTER] = None
    session[NONCE] = 0


# ------------------------------------------------------------------ events


def select(session: Session, kind: str, ident: str, *, center: bool = False) -> None:
    """Select a node or a claim; ``center`` also asks the canvas to centre on it (once)."""
    session[SEL] = {"kind": kind, "id": ident}
    if center:
        session[NONCE] = session.get(NONCE, 0) + 1
        session[CENTER] = {"id": ident, "n": session[NONCE]}


def apply_pick(session: Session, picked: object) -> None:
    """What a component reports (a click, a double-click, a click on nothing) made a change of state."""
    if not isinstance(picked, dict):
        return
    kind, ident = picked.get("kind"), picked.get("id")
    if kind in {"expand", "dismiss"} and isinstance(ident, str):
        key = EXPANDED if kind == "expand" else DISMISSED
        # A second double-click on a node collapses what the first one expanded.
        listed = list(session.get(key) or [])
        session[key] = [n for n in listed if n != ident] if ident in listed else [*listed, ident]
        if kind == "dismiss" and (session.get(SEL) or {}).get("id") == ident:
            session[SEL] = None
        elif kind == "expand":
            # The double-click's first click selected the node (the panel shows it at once); its
            # trigger may be overtaken by this one, so the selection is made here too.
            select(session, "node", ident)
    elif kind == "none":
        session[SEL] = None
    elif kind == "all" and isinstance(ident, str):
        # "Show all" on a big graph's hub: its panel data is sent with every claim from now on.
        session[PANEL_ALL] = ident
    elif kind in {"node", "claim"} and isinstance(ident, str):
        select(session, kind, ident)


def show_everything(view: ViewState) -> ViewState:
    """The view with the whole graph as its scene (what is selected is always on the canvas)."""
    return replace(view, perspective="everything", dismissed=())
