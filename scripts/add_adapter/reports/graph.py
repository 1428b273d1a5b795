"""`graph`: the wiring as a Mermaid flowchart.

Ports are grouped by the layer they live in (domain, application), adapters by
the `layer` the spec gives them (infrastructure/adapter, infrastructure/auth,
...), and every binding is an edge `adapter -->|implements| port`, dotted and
labelled with its condition where the spec binds it on settings:
`adapter -.->|"implements when REDIS_URL set"| port`. Use cases
are left out: they implement no port, and the spec does not say which ports
they use, so they would be nodes without edges.

Everything is sorted, so the text depends only on the spec's content, never on
the order of its entries: the same spec always renders byte-identical text.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from add_adapter.files import WriteStatus, write_if_changed
from add_adapter.naming import is_within, split_dotted
from add_adapter.paths import Project
from add_adapter.specification.model import Component, Spec, load_spec
from add_adapter.specification.vocabulary import DOMAIN_PACKAGE, Layer

INDENT = "    "
PORT_ID_PREFIX = "port_"
ADAPTER_ID_PREFIX = "adapter_"
GROUP_ID_PREFIX = "group_"
DOMAIN_PORTS_GROUP = f"{GROUP_ID_PREFIX}domain_ports"
APPLICATION_PORTS_GROUP = f"{GROUP_ID_PREFIX}application_ports"
LAYER_ORDER: dict[Layer, int] = {
    layer: position for position, layer in enumerate(Layer)
}


@dataclass(frozen=True, order=True)
class _Node:
    """One box: `id["label"]`; ordered by what a reader sees first."""

    short_name: str
    dotted_path: str
    node_id: str
    label: str


def mermaid_id(dotted_path: str) -> str:
    """A Mermaid-safe name (only `[A-Za-z0-9_]`) for a dotted path, different
    for different paths: a dot becomes `_`, an underscore `_1`, and any other
    character `_2<hex code point>_`. Since no part of a dotted path starts with
    a digit, `_` followed by a digit is always an escape, never a dot, so no two
    paths share a name (`a.b_c`, `a_b.c` and `a._b` all differ)."""
    encoded: list[str] = []
    for character in dotted_path:
        if character == ".":
            encoded.append("_")
        elif character == "_":
            encoded.append("_1")
        elif character.isascii() and character.isalnum():
            encoded.append(character)
        else:
            encoded.append(f"_2{ord(character):x}_")
    return "".join(encoded)


def render_mermaid(spec: Spec) -> str:
    """The wiring as a `flowchart LR`: port and adapter nodes in one
    `subgraph` per layer, then one `implements` edge per binding."""
    adapters = spec.adapters
    ports = _port_nodes(sorted({port for c in adapters for port in c.implements}))
    adapter_nodes = _adapter_nodes(adapters)

    in_domain = {path: is_within(path, DOMAIN_PACKAGE) for path in ports}
    groups: dict[str, tuple[str, list[_Node]]] = {
        DOMAIN_PORTS_GROUP: (
            "Domain ports",
            [node for path, node in ports.items() if in_domain[path]],
        ),
        APPLICATION_PORTS_GROUP: (
            "Application ports",
            [node for path, node in ports.items() if not in_domain[path]],
        ),
    }
    for layer in sorted({c.layer for c in adapters}, key=LAYER_ORDER.__getitem__):
        members = [adapter_nodes[c.dotted_path] for c in adapters if c.layer is layer]
        groups[GROUP_ID_PREFIX + layer.name.lower()] = (layer.value, members)

    lines = ["flowchart LR"]
    for group_id, (title, members) in groups.items():
        if not members:
            continue
        lines.append(f'{INDENT}subgraph {group_id} ["{_escape(title)}"]')
        lines.extend(f"{INDENT * 2}{_box(node)}" for node in sorted(members))
        lines.append(f"{INDENT}end")
    edges = sorted(
        (adapter_nodes[c.dotted_path], ports[port], c.condition_text)
        for c in adapters
        for port in c.implements
    )
    lines.extend(
        f"{INDENT}{adapter.node_id} {_edge(condition)} {port.node_id}"
        for adapter, port, condition in edges
    )
    return "\n".join(lines) + "\n"


def _edge(condition: str) -> str:
    """`-->|implements|`, or a dotted arrow saying when the binding holds."""
    if not condition:
        return "-->|implements|"
    return f'-.->|"{_escape(f"implements when {condition}")}"|'


def write_graph(project: Project, output: Path) -> WriteStatus:
    """Render the project's spec and write it to `output` (relative to the
    project root unless absolute) when its content changed. Raises `SpecError`
    if the spec is missing or invalid, before writing anything."""
    text = render_mermaid(load_spec(project.spec_path))
    return write_if_changed(project.absolute(output), text)


def _port_nodes(port_paths: list[str]) -> dict[str, _Node]:
    labels = _labels(port_paths)
    return {
        path: _Node(
            short_name=split_dotted(path)[1],
            dotted_path=path,
            node_id=PORT_ID_PREFIX + mermaid_id(path),
            label=labels[path],
        )
        for path in port_paths
    }


def _adapter_nodes(adapters: tuple[Component, ...]) -> dict[str, _Node]:
    labels = _labels([adapter.dotted_path for adapter in adapters])
    return {
        adapter.dotted_path: _Node(
            short_name=adapter.class_name,
            dotted_path=adapter.dotted_path,
            node_id=ADAPTER_ID_PREFIX + mermaid_id(adapter.dotted_path),
            label=f"{labels[adapter.dotted_path]}<br/>{adapter.scope.value}",
        )
        for adapter in adapters
    }


def _labels(dotted_paths: list[str]) -> dict[str, str]:
    """The class name, or the whole dotted path where two classes share a
    name, so that no two boxes read the same."""
    counts: dict[str, int] = defaultdict(int)
    for path in set(dotted_paths):
        counts[split_dotted(path)[1]] += 1
    return {
        path: name if counts[name] == 1 else path
        for path in dotted_paths
        for name in (split_dotted(path)[1],)
    }


def _box(node: _Node) -> str:
    """`id["label"]`."""
    return f'{node.node_id}["{_escape(node.label)}"]'


def _escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label (we write the `<br/>` ourselves;
    names never hold quotes, but a stray one must not end the label)."""
    return text.replace('"', "#quot;")
