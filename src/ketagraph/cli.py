"""The ``ketagraph`` command: a thin shell over the library.

Exit codes: 0 all good, 1 problems found (an invalid graph, an export that failed), 2 usage error
(a bad option, a graph folder that does not exist, an entity that no name matches).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ketagraph import export as exporters
from ketagraph.attrs import EVIDENCE, LABEL
from ketagraph.build import build_graph
from ketagraph.errors import KetagraphError, plural
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import Source
from ketagraph.query import find_paths, search
from ketagraph.stats import compute_stats

__all__ = ["cli", "main"]

DEFAULT_GRAPH = "graph"
#: A graph folder that does not exist is a usage error (exit 2), said by click before any loading.
_GRAPH_DIR_TYPE = click.Path(exists=True, file_okay=False, path_type=Path)
_graph_dir = click.argument("graph_dir", default=DEFAULT_GRAPH, type=_GRAPH_DIR_TYPE)


def _load(graph_dir: Path, *, quiet_warnings: bool = False) -> Corpus | None:
    """Load and validate; print problems to stderr; ``None`` when the graph has errors."""
    corpus = load_corpus(graph_dir)
    for issue in corpus.issues:
        if issue.severity == "error" or not quiet_warnings:
            click.echo(str(issue), err=True)
    if corpus.errors:
        click.echo(f"{plural(len(corpus.errors), 'problem')} found in {graph_dir}", err=True)
        return None
    return corpus


def _source(corpus: Corpus, source_id: str, graph_dir: Path) -> Source:
    """The source ``source_id`` of ``corpus``, or a usage error (exit 2) naming the known ones."""
    source = corpus.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(corpus.sources)) or "none"
        raise click.BadParameter(
            f"no source {source_id!r} in {graph_dir}; known sources: {known}", param_hint="SOURCE_ID"
        )
    return source


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ketagraph")
def cli() -> None:
    """ketagraph: an article's claims as a traceable knowledge graph."""


@cli.command()
@_graph_dir
def validate(graph_dir: Path) -> None:
    """Check a graph folder; report every problem as path:line: message."""
    corpus = _load(graph_dir)
    if corpus is None:
        sys.exit(1)
    counts = [
        plural(len(corpus.entities), "entity", "entities"),
        plural(len(corpus.claims), "claim"),
        plural(len(corpus.sources), "source"),
    ]
    if corpus.warnings:
        counts.append(plural(len(corpus.warnings), "warning"))
    click.echo(f"{graph_dir}: valid: {', '.join(counts)}")


@cli.command()
@_graph_dir
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(graph_dir: Path, as_json: bool) -> None:
    """Counts by type, relation and certainty; evidence coverage; sentences with no claim yet."""
    corpus = _load(graph_dir, quiet_warnings=True)
    if corpus is None:
        sys.exit(1)
    s = compute_stats(corpus)
    if as_json:
        data: dict[str, Any] = {
            "entities": s.entities,
            "claims": s.claims,
            "sources": s.sources,
            "quotes": s.quotes,
            "by_type": s.by_type,
            "by_relation": s.by_relation,
            "by_certainty": s.by_certainty,
            "by_polarity": s.by_polarity,
            "coverage": [
                {
                    "source": c.source,
                    "sentences": c.sentences,
                    "covered_sentences": c.covered_sentences,
                    "covered_character_ratio": round(c.character_ratio, 4),
                    "uncovered": [{"start": u.start, "end": u.end, "text": u.text} for u in c.uncovered],
                }
                for c in s.coverage
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{plural(s.entities, 'entity', 'entities')}, {plural(s.claims, 'claim')}, {plural(s.quotes, 'quote')}, "
        f"{plural(s.sources, 'source')}"
    )
    for title, counts in (
        ("entities by type", s.by_type),
        ("claims by relation", s.by_relation),
        ("claims by certainty", s.by_certainty),
        ("claims by polarity", s.by_polarity),
    ):
        click.echo(f"\n{title}:")
        width = max((len(k) for k in counts), default=0)
        for key, n in counts.items():
            click.echo(f"  {key:<{width}}  {n:>4}")
    for c in s.coverage:
        click.echo(
            f"\ncoverage of {c.source} ({c.title}): {c.covered_sentences}/{c.sentences} sentences "
            f"({c.sentence_ratio:.0%}), {c.character_ratio:.0%} of their text quoted"
        )
        if c.uncovered:
            click.echo("  sentences with no claim yet:")
            for u in c.uncovered:
                click.echo(f"  - [{u.start}] {u.text}")


@cli.command()
@_graph_dir
@click.option("-f", "--format", "fmt", help="Output format (see --list); default: from the -o suffix.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (default: standard output).")
@click.option("--list", "list_formats", is_flag=True, help="List the formats and exit.")
def export(graph_dir: Path, fmt: str | None, output: Path | None, list_formats: bool) -> None:
    """Write the graph, with its evidence, in a format other tools read."""
    if list_formats:
        width = max(len(n) for n in exporters.FORMATS)
        for name, spec in exporters.FORMATS.items():
            click.echo(f"{name:<{width}}  {' '.join(spec.suffixes):<14}  {spec.description}")
        return
    try:
        if fmt is not None:
            spec = exporters.get_format(fmt)
        elif output is not None and str(output) != "-":
            spec = exporters.format_for_path(output)
        else:
            raise click.UsageError("give --format, or an --output file whose suffix names the format")
    except KetagraphError as e:
        raise click.UsageError(str(e)) from None
    corpus = _load(graph_dir, quiet_warnings=True)
    if corpus is None:
        sys.exit(1)
    G = build_graph(corpus)
    try:
        # The corpus: the formats that can (html) show each quote inside its paragraph.
        if output is None or str(output) == "-":
            spec.save(G, sys.stdout.buffer, corpus)
            sys.stdout.flush()
        else:
            spec.save(G, output, corpus)
            click.echo(
                f"wrote {output} ({spec.name}: {plural(G.number_of_nodes(), 'entity', 'entities')}, "
                f"{plural(G.number_of_edges(), 'claim')})",
                err=True,
            )
    except KetagraphError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("source")
@click.argument("target")
@click.argument("graph_dir", default=DEFAULT_GRAPH, type=_GRAPH_DIR_TYPE)
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 8))
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--undirected", is_flag=True, help="Let a hop go against a claim's direction.")
def path(source: str, target: str, graph_dir: Path, max_hops: int, limit: int, undirected: bool) -> None:
    """Paths between two entities (ids or names), each hop with its claim and quote."""
    corpus = _load(graph_dir, quiet_warnings=True)
    if corpus is None:
        sys.exit(1)
    G = build_graph(corpus)
    ends = []
    for name in (source, target):
        if name in G:
            ends.append(name)
            continue
        found = search(G, name, limit=1)
        if not found:
            raise click.BadParameter(f"no entity matches {name!r}", param_hint="SOURCE/TARGET")
        ends.append(found[0])
        # A loose name may not pick the entity the user meant: say which one it picked.
        click.echo(f"{name!r} -> {G.nodes[found[0]][LABEL]} ({found[0]})", err=True)
    paths = find_paths(G, ends[0], ends[1], max_hops=max_hops, limit=limit, directed=not undirected)
    if not paths:
        message = f"no path from {ends[0]} to {ends[1]} within {plural(max_hops, 'hop')}"
        if not undirected and find_paths(G, ends[0], ends[1], max_hops=max_hops, limit=1, directed=False):
            message += "; there is one against a claim's direction: add --undirected to see it"
        click.echo(message)
        sys.exit(1)
    for i, p in enumerate(paths, 1):
        labels = " -> ".join(G.nodes[n][LABEL] for n in p.nodes)
        click.echo(f"{i}. {labels}  [weakest: {p.weakest}]")
        for hop in p.hops:
            key, subj, obj = hop.claims[0]
            data = G.edges[subj, obj, key]
            quote = data[EVIDENCE][0]["quote"]
            click.echo(f"   {subj} {data['relation']} {obj} ({data['certainty']}): “{quote}”")


# --- curation: new-source, draft, undo ---------------------------------------------------------------


@cli.command("new-source")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("graph_dir", default=DEFAULT_GRAPH, type=click.Path(path_type=Path))
@click.option("--id", "source_id", help="The source's kebab-case id and folder name (default: from the title).")
@click.option("--title", help="The title (default: the HTML <title>, the first Markdown heading, or the file name).")
@click.option("--publisher", help="Who published it (default: 'unknown'; edit source.yaml later).")
@click.option("--kind", default="other", show_default=True, help="Source kind (see the README's vocabularies).")
@click.option("--language", default="en", show_default=True)
@click.option("--url", help="Where the article was published.")
def new_source_command(
    file: Path,
    graph_dir: Path,
    source_id: str | None,
    title: str | None,
    publisher: str | None,
    kind: str,
    language: str,
    url: str | None,
) -> None:
    """Copy an article (UTF-8 text, Markdown or simple HTML) into a new source folder of the graph."""
    from ketagraph.curate.new_source import new_source
    from ketagraph.curate.writeback import blocking

    if not graph_dir.is_dir():
        raise click.UsageError(f"{graph_dir}: not a folder: give the graph folder the source is added to")
    try:
        made = new_source(
            file,
            graph_dir,
            source_id=source_id,
            title=title,
            publisher=publisher,
            kind=kind,
            language=language,
            url=url,
        )
    except KetagraphError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    for f in made.files:
        click.echo(f"wrote {f}")
    if made.dropped:
        click.echo("dropped in the conversion to plain text: " + "; ".join(made.dropped))
    corpus = load_corpus(graph_dir)
    made_names = {f.name for f in made.files}
    mine = [i for i in corpus.issues if Path(i.path).parent.name == made.id and Path(i.path).name in made_names]
    if corpus.ok is False and not blocking(corpus.issues):
        click.echo(f"{graph_dir}: no claims yet: this is the graph's first source", err=True)
    for issue in mine:
        click.echo(str(issue), err=True)
    if any(i.severity == "error" for i in mine):
        click.echo(f"the new source {made.id!r} has problems: fix them in {made.folder}", err=True)
        sys.exit(1)
    click.echo(f"{made.folder}: valid; next: ketagraph draft {made.id} {graph_dir}")


@cli.command("draft")
@click.argument("source_id")
@click.argument("graph_dir", default=DEFAULT_GRAPH, type=click.Path(path_type=Path))
@click.option("--show/--no-show", default=True, show_default=True, help="Print each draft.")
def draft_command(source_id: str, graph_dir: Path, show: bool) -> None:
    """Propose claims for a source into drafts.json next to its text (never into the graph)."""
    from ketagraph.curate.draft import DRAFTS_FILE, draft_source, write_drafts

    corpus = _load(graph_dir, quiet_warnings=True)
    if corpus is None:
        sys.exit(1)
    source = _source(corpus, source_id, graph_dir)
    drafts = draft_source(source, corpus.entities)
    target = (corpus.root / source.file).parent / DRAFTS_FILE
    write_drafts(target, source, drafts)
    if show:
        for d in drafts:
            neg = " NOT" if d.polarity == "negated" else ""
            click.echo(
                f"[{d.start}:{d.end}] {d.subject}{neg} {d.relation} {d.object} ({d.certainty}: {'; '.join(d.because)})"
            )
    click.echo(f"wrote {target}: {len(drafts)} drafts for {source_id} (review them with the app's --edit mode)")


@cli.command("undo")
@click.argument("source_id")
@click.argument("graph_dir", default=DEFAULT_GRAPH, type=click.Path(path_type=Path))
@click.option("--who", default=None, help="Name recorded in the journal (default: the login name).")
def undo_command(source_id: str, graph_dir: Path, who: str | None) -> None:
    """Undo the last curation decision on a source (its claims.yaml), as the app's undo does."""
    import getpass

    from ketagraph.curate.writeback import CuratedFile, SaveRefused, blocking

    corpus = load_corpus(graph_dir)
    if blocking(corpus.issues):
        _load(graph_dir)
        sys.exit(1)
    source = _source(corpus, source_id, graph_dir)
    try:
        f = CuratedFile(graph_dir, (corpus.root / source.file).parent / "claims.yaml")
        entry = f.undo(who=who or getpass.getuser())
    except SaveRefused as e:
        click.echo(f"error: {e}", err=True)
        if e.diff:
            click.echo(e.diff, err=True)
        sys.exit(1)
    if entry is None:
        click.echo("nothing to undo")
        return
    what = (entry.get("claim") or {}).get("id") or entry.get("draft")
    click.echo(f"undid decision {entry['undoes']} ({what}); journal: {f.journal.path}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 1 problems, 2 usage)."""
    try:
        cli.main(args=argv, prog_name="ketagraph", standalone_mode=True)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0
