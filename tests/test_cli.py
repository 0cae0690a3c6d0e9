"""ketagraph.cli through click's CliRunner: output, and exit codes 0 ok / 1 problems / 2 usage."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from graph_helpers import CLAIMS_YAML, SHIPPED_GRAPH, MakeGraph
from ketagraph.cli import cli, main
from ketagraph.export import FORMATS


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- validate -----------------------------------------------------------------------------------


def test_validate_a_valid_graph(tiny: Path) -> None:
    result = run("validate", "graph")
    assert result.exit_code == 0
    assert result.stdout == "graph: valid: 4 entities, 3 claims, 1 source\n"
    assert result.stderr == ""


def test_validate_defaults_to_the_graph_folder(tiny: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, "graph: valid: 4 entities, 3 claims, 1 source\n")


def test_validate_shows_warnings_but_succeeds(make_graph: MakeGraph) -> None:
    make_graph({"more.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n"})
    result = run("validate", "graph")
    assert result.exit_code == 0
    assert result.stderr == "graph/more.yaml:2: warning: entity 'spare' is not used by any claim\n"
    assert result.stdout == "graph: valid: 5 entities, 3 claims, 1 source, 1 warning\n"


def test_validate_a_broken_graph_lists_every_problem_and_exits_1(make_graph: MakeGraph) -> None:
    broken = CLAIMS_YAML.replace("object: nmda-receptor", "object: nmda").replace("relation: treats", "relation: heals")
    make_graph({"claims.yaml": broken})
    result = run("validate", "graph")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "graph/claims.yaml:5: claim 'ketamine-acts-on-nmda-receptor': unknown object entity 'nmda'\n"
        "graph/claims.yaml:12: claim 'ketamine-treats-depression': 'relation' unknown relation 'heals'; allowed: "
        "acts_on, modulates, interacts_with, part_of, is_a, regulates, causes, contributes_to, treats, used_for, "
        "uses, studied_for, led_to, mitigates, classified_as, synthesized_by, affiliated_with, provides\n"
        "graph/entities.yaml:8: warning: entity 'nmda-receptor' is not used by any claim\n"
        "2 problems found in graph\n"
    )


@pytest.mark.parametrize("command", [["validate"], ["stats"], ["export", "-f", "json"], ["path", "a", "b"]])
def test_a_missing_graph_folder_is_a_usage_error(make_graph: MakeGraph, command: list[str]) -> None:
    make_graph()
    result = run(*command, "nowhere")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: Invalid value for '[GRAPH_DIR]': Directory 'nowhere' does not exist.\n")


def test_a_file_given_as_the_graph_folder_is_a_usage_error(tiny: Path) -> None:
    result = run("validate", "graph/claims.yaml")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '[GRAPH_DIR]': Directory 'graph/claims.yaml' is a file.\n")


def test_validate_puts_errors_before_warnings(make_graph: MakeGraph) -> None:
    # The warning's file sorts first by name; the curator still reads the error first.
    broken = CLAIMS_YAML.replace("relation: treats", "relation: heals")
    make_graph({"claims.yaml": broken, "aaa.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n"})
    result = run("validate", "graph")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "graph/claims.yaml:12: claim 'ketamine-treats-depression': 'relation' unknown relation 'heals'; allowed: "
        "acts_on, modulates, interacts_with, part_of, is_a, regulates, causes, contributes_to, treats, used_for, "
        "uses, studied_for, led_to, mitigates, classified_as, synthesized_by, affiliated_with, provides",
        "graph/aaa.yaml:2: warning: entity 'spare' is not used by any claim",
        "1 problem found in graph",
    ]


def test_a_file_that_does_not_parse_is_not_buried_under_unused_warnings(make_graph: MakeGraph) -> None:
    # One indentation slip in claims.yaml: the entities it used are not "unused".
    broken = CLAIMS_YAML.replace("    relation: acts_on", "   relation: acts_on", 1)
    make_graph({"claims.yaml": broken})
    result = run("validate", "graph")
    assert result.exit_code == 1
    assert result.stderr == (
        "graph/claims.yaml:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection)\n"
        "1 problem found in graph\n"
    )


def test_validate_an_empty_folder_exits_1(make_graph: MakeGraph) -> None:
    make_graph(base=False)
    result = run("validate", "graph")
    assert result.exit_code == 1
    assert result.stderr == "graph: no YAML files (*.yaml) found: the graph is empty\n1 problem found in graph\n"


def test_validate_never_prints_a_traceback_for_hostile_yaml(make_graph: MakeGraph) -> None:
    make_graph({"evil.yaml": "claims: !!python/object/apply:os.system ['true']\n"})
    result = CliRunner().invoke(cli, ["validate", "graph"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "graph/evil.yaml:1: tag '!!python/object/apply:os.system' is not allowed" in result.stderr


# --- stats ----------------------------------------------------------------------------------------


def test_stats(tiny: Path) -> None:
    result = run("stats", "graph")
    assert result.exit_code == 0
    assert result.stdout == (
        "4 entities, 3 claims, 3 quotes, 1 source\n"
        "\nentities by type:\n  condition     1\n  drug          1\n  receptor      1\n  risk          1\n"
        "\nclaims by relation:\n  acts_on     1\n  causes      1\n  treats      1\n"
        "\nclaims by certainty:\n  established     2\n  speculative     1\n"
        "\nclaims by polarity:\n  affirmed     3\n"
        "\ncoverage of article (Ketamine and the brain): 3/6 sentences (50%), 54% of their text quoted\n"
        "  sentences with no claim yet:\n"
        "  - [106] The drug’s effects are rapid.\n"
        "  - [144] Ketamine can lead to addiction.\n"
        "  - [176] A naïve user may feel dissociation.\n"
    )


def test_stats_as_json(tiny: Path) -> None:
    result = run("stats", "--json", "graph")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["claims"] == 3
    assert data["by_certainty"] == {"established": 2, "speculative": 1}
    (cov,) = data["coverage"]
    assert (cov["source"], cov["sentences"], cov["covered_sentences"]) == ("article", 6, 3)
    assert cov["covered_character_ratio"] == round(111 / 206, 4)
    assert cov["uncovered"][0] == {"start": 106, "end": 135, "text": "The drug’s effects are rapid."}


def test_stats_of_a_broken_graph_exits_1(make_graph: MakeGraph) -> None:
    make_graph({"article.txt": None})
    result = run("stats", "graph")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith("1 problem found in graph\n")


def test_stats_hides_warnings(make_graph: MakeGraph) -> None:
    make_graph({"more.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n"})
    result = run("stats", "graph")
    assert (result.exit_code, result.stderr) == (0, "")


# --- export ---------------------------------------------------------------------------------------


def test_export_json_to_stdout_reads_back_into_the_same_graph(tiny_graph: nx.MultiDiGraph) -> None:
    result = run("export", "-f", "json", "graph")
    assert result.exit_code == 0
    assert result.stdout.endswith("}\n")
    G = nx.node_link_graph(json.loads(result.stdout), edges="edges")
    assert nx.utils.graphs_equal(G, tiny_graph)
    assert G.graph == tiny_graph.graph


def test_export_is_deterministic(tiny: Path) -> None:
    assert run("export", "-f", "json", "graph").stdout_bytes == run("export", "--format", "json", "graph").stdout_bytes


def test_export_to_a_file_named_by_its_suffix(tiny: Path) -> None:
    result = run("export", "-o", "out.json", "graph")
    assert result.exit_code == 0
    assert result.stderr == "wrote out.json (json: 4 entities, 3 claims)\n"
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["directed"] is True


def test_export_to_dash_is_stdout(tiny: Path) -> None:
    result = run("export", "-f", "json", "-o", "-", "graph")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["multigraph"] is True


def test_export_list(tiny: Path) -> None:
    result = run("export", "--list")
    assert result.exit_code == 0
    assert any(line.startswith("json ") and ".json" in line for line in result.stdout.splitlines())


def test_export_unknown_format_is_a_usage_error(tiny: Path) -> None:
    result = run("export", "-f", "xlsx", "graph")
    assert result.exit_code == 2
    assert f"unknown export format 'xlsx'; available: {', '.join(FORMATS)}" in result.stderr


def test_export_needs_a_format(tiny: Path) -> None:
    result = run("export", "graph")
    assert result.exit_code == 2
    assert "give --format, or an --output file whose suffix names the format" in result.stderr
    result = run("export", "-o", "out.unknown", "graph")
    assert result.exit_code == 2
    assert "cannot tell the format from 'out.unknown'" in result.stderr


def test_export_of_a_broken_graph_exits_1_and_writes_nothing(make_graph: MakeGraph) -> None:
    make_graph({"article.txt": None})
    result = run("export", "-o", "out.json", "graph")
    assert result.exit_code == 1
    assert not Path("out.json").exists()


def test_export_into_a_missing_folder_exits_1(tiny: Path) -> None:
    result = run("export", "-o", "no/such/out.json", "graph")
    assert result.exit_code == 1
    assert result.stderr == "error: cannot write no/such/out.json: folder no/such does not exist\n"


# --- path -----------------------------------------------------------------------------------------


def test_path(tiny: Path) -> None:
    result = run("path", "ketamine", "depression", "graph")
    assert result.exit_code == 0
    assert result.stdout == (
        "1. Ketamine -> Depression  [weakest: speculative]\n"
        "   ketamine treats depression (speculative): “Researchers believe it may help with depression.”\n"
    )


def test_path_by_name(tiny: Path) -> None:
    result = run("path", "Ketamine hydrochloride", "NMDA receptors", "graph")
    assert result.exit_code == 0
    assert result.stderr == (
        "'Ketamine hydrochloride' -> Ketamine (ketamine)\n'NMDA receptors' -> NMDA receptor (nmda-receptor)\n"
    )
    assert result.stdout.startswith("1. Ketamine -> NMDA receptor  [weakest: established]\n")


def test_path_not_found_suggests_undirected_when_that_finds_one(tiny: Path) -> None:
    result = run("path", "depression", "addiction", "graph")
    assert (result.exit_code, result.stdout) == (
        1,
        "no path from depression to addiction within 4 hops; there is one against a claim's direction: "
        "add --undirected to see it\n",
    )


def test_path_not_found_in_either_direction_says_so_only(make_graph: MakeGraph) -> None:
    make_graph({"more.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n"})
    result = run("path", "--max-hops", "1", "ketamine", "spare", "graph")
    assert (result.exit_code, result.stdout) == (1, "no path from ketamine to spare within 1 hop\n")


def test_path_says_which_entity_a_loose_name_resolved_to(tiny: Path) -> None:
    result = run("path", "ketamin", "depression", "graph")
    assert result.exit_code == 0
    assert result.stderr == "'ketamin' -> Ketamine (ketamine)\n"
    assert result.stdout.startswith("1. Ketamine -> Depression  [weakest: speculative]\n")


def test_path_undirected(tiny: Path) -> None:
    result = run("path", "--undirected", "depression", "addiction", "graph")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. Depression -> Ketamine -> Addiction  [weakest: speculative]\n")


def test_path_on_a_broken_graph_exits_1(make_graph: MakeGraph) -> None:
    make_graph({"article.txt": None})
    result = run("path", "ketamine", "depression", "graph")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith("1 problem found in graph\n")


def test_path_from_an_entity_to_itself_exits_1(tiny: Path) -> None:
    result = run("path", "ketamine", "Ketamine hydrochloride", "graph")
    assert (result.exit_code, result.stdout) == (1, "no path from ketamine to ketamine within 4 hops\n")


def test_path_with_an_unknown_entity_is_a_usage_error(tiny: Path) -> None:
    result = run("path", "ketamine", "serotonin", "graph")
    assert result.exit_code == 2
    assert "no entity matches 'serotonin'" in result.stderr


@pytest.mark.parametrize("option", [["--max-hops", "0"], ["--max-hops", "9"], ["--limit", "0"], ["--limit", "x"]])
def test_path_option_out_of_range_is_a_usage_error(tiny: Path, option: list[str]) -> None:
    assert run("path", *option, "ketamine", "depression", "graph").exit_code == 2


# --- the command itself -----------------------------------------------------------------------


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_unknown_option_is_a_usage_error(tiny: Path) -> None:
    assert run("validate", "--frob", "graph").exit_code == 2


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("validate", "stats", "export", "path"):
        assert command in result.stdout
    assert run("-h").exit_code == 0


def test_version_is_the_installed_distributions() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"cli, version {importlib.metadata.version('ketagraph')}\n"


def test_main_returns_the_exit_code(make_graph: MakeGraph, capsys: pytest.CaptureFixture[str]) -> None:
    make_graph()
    assert main(["validate", "graph"]) == 0
    assert main(["validate", "nowhere"]) == 2
    assert main(["frobnicate"]) == 2
    capsys.readouterr()


def test_python_dash_m_on_the_shipped_graph() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ketagraph", "validate", str(SHIPPED_GRAPH)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(" claims, 1 source\n")
    assert done.stderr == ""


def test_the_readme_shows_what_validate_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (SHIPPED_GRAPH.parent / "README.md").read_text(encoding="utf-8").splitlines()
    shown = readme[readme.index(next(line for line in readme if line.startswith("$ ketagraph validate"))) + 1]
    monkeypatch.chdir(SHIPPED_GRAPH.parent)  # the default graph/, as in the README
    result = run("validate")
    assert result.exit_code == 0 and result.output.strip() == shown
