"""`render_mermaid` and `write_graph`: the wiring as a Mermaid flowchart."""

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from add_adapter.files import WriteStatus
from add_adapter.paths import Project
from add_adapter.reports.graph import mermaid_id, render_mermaid, write_graph
from add_adapter.specification.errors import SpecError
from add_adapter.specification.model import Spec, parse_spec

from .fixture_project import COMPONENTS, spec_document, write_fixture_project

PORTS = "app.application.ports"
ADAPTERS = "app.infrastructure.adapters"
FLUSHER = f"{PORTS}.flusher.Flusher"
TRANSACTION_MANAGER = f"{PORTS}.transaction_manager.TransactionManager"
TRANSACTION = f"{ADAPTERS}.in_memory_transaction.InMemoryTransaction"
SAFE_ID = re.compile(r"[A-Za-z0-9_]+")
NODE = re.compile(r"^ {8}(\w+)\[\"([^\"]*)\"\]$")
EDGE = re.compile(r"^ {4}(\w+) -->\|implements\| (\w+)$")
SUBGRAPH = re.compile(r"^ {4}subgraph (\w+) \[\"([^\"]*)\"\]$")


def spec_of(components: list[dict[str, Any]]) -> Spec:
    return parse_spec(spec_document(components))


def fixture_spec() -> Spec:
    return spec_of(copy.deepcopy(COMPONENTS))


def adapter_entry(
    class_name: str,
    module: str,
    implements: str | list[str],
    *,
    layer: str = "infrastructure/adapter",
    scope: str = "request",
) -> dict[str, Any]:
    return {
        "class_name": class_name,
        "module": module,
        "layer": layer,
        "kind": "adapter",
        "implements": implements,
        "scope": scope,
        "description": "",
    }


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
    """Nodes (id -> label), edges and the subgraph each node is in, read back
    from the text; fails on any line that is not one of the forms we write."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    membership: dict[str, str] = {}
    group: str | None = None
    for line in lines[1:]:
        if match := SUBGRAPH.match(line):
            assert group is None, "subgraphs are not nested"
            group = match[1]
        elif line == "    end":
            assert group is not None
            group = None
        elif match := NODE.match(line):
            assert group is not None, "every node is in a subgraph"
            assert match[1] not in nodes, f"{match[1]} declared twice"
            nodes[match[1]] = match[2]
            membership[match[1]] = group
        elif match := EDGE.match(line):
            assert group is None
            edges.append((match[1], match[2]))
        else:
            pytest.fail(f"unexpected line {line!r}")
    assert group is None
    return nodes, edges, membership


def test_the_fixture_spec_renders_this_flowchart() -> None:
    port = "port_app_application_ports"
    adapter = "adapter_app_infrastructure_adapters"
    expected = f"""\
flowchart LR
    subgraph group_domain_ports ["Domain ports"]
        port_app_domain_ports_proposal_1id_1generator_ProposalIdGenerator["ProposalIdGenerator"]
    end
    subgraph group_application_ports ["Application ports"]
        {port}_flusher_Flusher["Flusher"]
        {port}_proposal_1data_1mapper_ProposalDataMapper["ProposalDataMapper"]
        {port}_transaction_1manager_TransactionManager["TransactionManager"]
    end
    subgraph group_infrastructure_adapter ["infrastructure/adapter"]
        {adapter}_in_1memory_1proposal_1data_1mapper_InMemoryProposalDataMapper["InMemoryProposalDataMapper<br/>request"]
        {adapter}_in_1memory_1transaction_InMemoryTransaction["InMemoryTransaction<br/>request"]
        {adapter}_sequential_1proposal_1id_1generator_SequentialProposalIdGenerator["SequentialProposalIdGenerator<br/>app"]
    end
    {adapter}_in_1memory_1proposal_1data_1mapper_InMemoryProposalDataMapper -->|implements| {port}_proposal_1data_1mapper_ProposalDataMapper
    {adapter}_in_1memory_1transaction_InMemoryTransaction -->|implements| {port}_flusher_Flusher
    {adapter}_in_1memory_1transaction_InMemoryTransaction -->|implements| {port}_transaction_1manager_TransactionManager
    {adapter}_sequential_1proposal_1id_1generator_SequentialProposalIdGenerator -->|implements| port_app_domain_ports_proposal_1id_1generator_ProposalIdGenerator
"""  # noqa: E501

    assert render_mermaid(fixture_spec()) == expected


def test_an_adapter_of_two_ports_has_an_edge_to_each() -> None:
    nodes, edges, _ = parse(render_mermaid(fixture_spec()))

    transaction = "adapter_" + mermaid_id(TRANSACTION)
    assert sorted(port for adapter, port in edges if adapter == transaction) == sorted(
        ["port_" + mermaid_id(FLUSHER), "port_" + mermaid_id(TRANSACTION_MANAGER)]
    )
    assert nodes[transaction] == "InMemoryTransaction<br/>request"
    assert nodes["port_" + mermaid_id(FLUSHER)] == "Flusher"
    assert nodes["port_" + mermaid_id(TRANSACTION_MANAGER)] == "TransactionManager"
    assert len(edges) == len(set(edges)) == 4


def test_a_port_bound_twice_is_one_node_with_two_edges() -> None:
    components = [
        *copy.deepcopy(COMPONENTS),
        adapter_entry("NullFlusher", f"{ADAPTERS}.null_flusher", FLUSHER),
    ]

    nodes, edges, _ = parse(render_mermaid(spec_of(components)))

    flusher = "port_" + mermaid_id(FLUSHER)
    assert list(nodes).count(flusher) == 1
    assert sorted(nodes[adapter] for adapter, port in edges if port == flusher) == [
        "InMemoryTransaction<br/>request",
        "NullFlusher<br/>request",
    ]


def test_nodes_are_grouped_by_layer_and_use_cases_left_out() -> None:
    components = [
        *copy.deepcopy(COMPONENTS),
        adapter_entry(
            "SessionRevoker",
            "app.infrastructure.auth.adapters.session_revoker",
            f"{PORTS}.access_revoker.AccessRevoker",
            layer="infrastructure/auth",
        ),
    ]

    text = render_mermaid(spec_of(components))
    nodes, _, membership = parse(text)

    groups: dict[str, list[str]] = {}
    for node_id, group in membership.items():
        groups.setdefault(group, []).append(nodes[node_id])
    assert {group: sorted(labels) for group, labels in groups.items()} == {
        "group_domain_ports": ["ProposalIdGenerator"],
        "group_application_ports": [
            "AccessRevoker",
            "Flusher",
            "ProposalDataMapper",
            "TransactionManager",
        ],
        "group_infrastructure_adapter": [
            "InMemoryProposalDataMapper<br/>request",
            "InMemoryTransaction<br/>request",
            "SequentialProposalIdGenerator<br/>app",
        ],
        "group_infrastructure_auth": ["SessionRevoker<br/>request"],
    }
    assert [m[2] for m in map(SUBGRAPH.match, text.splitlines()) if m] == [
        "Domain ports",
        "Application ports",
        "infrastructure/adapter",
        "infrastructure/auth",
    ]
    assert "CreateProposal" not in text
    assert "GetProposal" not in text


def test_empty_groups_are_left_out() -> None:
    only_domain = [c for c in COMPONENTS if c["kind"] in ("id_generator", "use_case")]

    text = render_mermaid(spec_of(copy.deepcopy(only_domain)))

    assert "group_application_ports" not in text
    assert text.count("subgraph ") == 2
    no_adapters = render_mermaid(
        spec_of([c for c in COMPONENTS if c["kind"] == "use_case"])
    )
    assert no_adapters == "flowchart LR\n"


def test_output_does_not_depend_on_the_order_of_the_spec() -> None:
    shuffled = copy.deepcopy(COMPONENTS)[::-1]
    for component in shuffled:
        if isinstance(component.get("implements"), list):
            component["implements"].reverse()

    first = render_mermaid(fixture_spec())

    assert render_mermaid(fixture_spec()) == first
    assert render_mermaid(spec_of(shuffled)) == first


def test_ids_are_mermaid_safe_and_distinct_for_paths_that_look_alike() -> None:
    lookalikes = [
        "app.application.ports.a.b_c.Port",
        "app.application.ports.a_b.c.Port",
        "app.application.ports.a._b.c.Port",
        "app.application.ports.a_.b.c.Port",
        "app.application.ports.a__b.c.Port",
        "app.application.ports.a1.Port",
        "app.application.ports.a_1.Port",
        "app.application.ports.café.Port",
        "app.application.ports.cafe.Port",
    ]
    components = [
        adapter_entry(f"Adapter{n}", f"{ADAPTERS}.adapter_{n}", port)
        for n, port in enumerate(lookalikes)
    ]

    text = render_mermaid(spec_of(components))
    nodes, edges, _ = parse(text)

    ids = [mermaid_id(path) for path in lookalikes]
    assert len(set(ids)) == len(ids)
    assert all(SAFE_ID.fullmatch(node_id) for node_id in ids)
    assert all(SAFE_ID.fullmatch(node_id) for node_id in nodes)
    assert len(nodes) == 2 * len(lookalikes)
    assert len(edges) == len(lookalikes)
    assert "end" not in nodes


def test_classes_that_share_a_name_are_labelled_with_their_path() -> None:
    components = [
        adapter_entry(
            "SqlaClock", f"{ADAPTERS}.sqla_clock", f"{PORTS}.clock.Clock", scope="app"
        ),
        adapter_entry(
            "SqlaClock",
            f"{ADAPTERS}.legacy.sqla_clock",
            f"{PORTS}.legacy.clock.Clock",
            scope="app",
        ),
    ]

    nodes, _, _ = parse(render_mermaid(spec_of(components)))

    assert sorted(nodes.values()) == [
        f"{PORTS}.clock.Clock",
        f"{PORTS}.legacy.clock.Clock",
        f"{ADAPTERS}.legacy.sqla_clock.SqlaClock<br/>app",
        f"{ADAPTERS}.sqla_clock.SqlaClock<br/>app",
    ]


def test_write_graph_writes_only_when_the_text_changes(tmp_path: Path) -> None:
    write_fixture_project(tmp_path)
    project = Project(tmp_path)
    output = Path("docs/wiring.mmd")

    assert write_graph(project, output) is WriteStatus.CREATED
    written = (tmp_path / output).read_text(encoding="utf-8")
    assert written == render_mermaid(fixture_spec())
    assert write_graph(project, output) is WriteStatus.UNCHANGED
    assert write_graph(project, tmp_path / output) is WriteStatus.UNCHANGED

    (tmp_path / output).write_text("flowchart LR\n", encoding="utf-8")
    assert write_graph(project, output) is WriteStatus.UPDATED
    assert (tmp_path / output).read_text(encoding="utf-8") == written


def test_write_graph_writes_nothing_for_an_invalid_spec(tmp_path: Path) -> None:
    write_fixture_project(tmp_path)
    (tmp_path / "setup/spec.json").write_text("{", encoding="utf-8")

    with pytest.raises(SpecError):
        write_graph(Project(tmp_path), Path("wiring.mmd"))

    assert not (tmp_path / "wiring.mmd").exists()
