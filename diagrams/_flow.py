"""The flow model: a diagram program declares its nodes and numbered steps once, and that one
declaration draws the picture and feeds the text on the page (step list, caption, alt).

    flow = Flow("kms-data-key-flow", title=..., caption=..., alt=...)
    flow.node("app", EC2, "Your application")
    flow.node("kms", KeyManagementService, "AWS KMS")
    flow.step("app", "kms", "GenerateDataKey", note="...")
    flow.render()

render() runs under the renderer (diagrams/_render.py), which sets DIAGRAM_OUT_DIR, turns the
raw Graphviz SVG into a self-contained file and caches it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any

import _style as style

OUT_DIR_ENV = "DIAGRAM_OUT_DIR"
# Stable ids and classes in the SVG, taken from the declaration (never Graphviz's node1/edge1):
# the page script (docs/assets/js/diagram-player.js) highlights a step by these alone.
# Every id starts with the diagram's name, so two figures inlined in one page never clash.
NODE_CLASS, STEP_CLASS, LINK_CLASS = "diagram-node", "diagram-step", "diagram-link"


def node_id(flow: str, key: str) -> str:
    return f"{flow}--node-{key}"


def step_id(flow: str, number: int) -> str:
    return f"{flow}--step-{number}"


def link_id(flow: str, number: int) -> str:
    return f"{flow}--link-{number}"


RAW_SUFFIX = ".raw.svg"
FLOW_SUFFIX = ".flow.json"


class FlowError(ValueError):
    """A mistake in a diagram declaration; the message names the diagram and the fix."""


@dataclass
class FlowNode:
    key: str
    icon: Any  # a diagrams.Node subclass, or None for a text-only box
    label: str
    cluster: str | None
    name: str | None = None

    @property
    def text(self) -> str:
        """How the step list names this box: its own name, else its label on one line."""
        return self.name or " ".join(self.label.split())


@dataclass
class FlowEdge:
    src: str
    dst: str
    label: str
    note: str | None
    attrs: dict[str, str] = field(default_factory=dict)


class Flow:
    def __init__(self, name: str, *, title: str, caption: str, alt: str, direction: str = "LR") -> None:
        self.name = name
        self.title = title
        self.caption = caption
        self.alt = alt
        self.direction = direction
        self.nodes: dict[str, FlowNode] = {}
        self.steps: list[FlowEdge] = []
        self.links: list[FlowEdge] = []
        self.ranks: list[tuple[str, ...]] = []
        for what, value in (("title", title), ("caption", caption), ("alt", alt)):
            if not value or not value.strip():
                raise FlowError(f"{name}: {what} is empty; every figure needs a {what}")

    def node(self, key: str, icon: Any, label: str, *, cluster: str | None = None, name: str | None = None) -> "Flow":
        """A box in the picture. `icon` is a diagrams class (or None for a text box);
        `cluster` groups boxes, "Outer/Inner" nests groups; `name` is how the step list
        calls the box when its label reads badly on one line."""
        if key in self.nodes:
            raise FlowError(f"{self.name}: node '{key}' is declared twice")
        self.nodes[key] = FlowNode(key, icon, label, cluster, name)
        return self

    def step(self, src: str, dst: str, label: str, *, note: str | None = None, **attrs: str) -> "Flow":
        """A numbered step: drawn as an edge labelled with its number and listed on the page."""
        self._check_ends(src, dst)
        self.steps.append(FlowEdge(src, dst, label, note, attrs))
        return self

    def link(self, src: str, dst: str, label: str = "", **attrs: str) -> "Flow":
        """A relation that is not a step (attached to, successor of): dashed, not numbered."""
        self._check_ends(src, dst)
        self.links.append(FlowEdge(src, dst, label, None, attrs))
        return self

    def same_rank(self, *keys: str) -> "Flow":
        """Keep these boxes side by side (same column in LR, same row in TB)."""
        self._check_ends(*keys)
        self.ranks.append(keys)
        return self

    def _check_ends(self, *keys: str) -> None:
        for key in keys:
            if key not in self.nodes:
                known = ", ".join(self.nodes) or "none yet"
                raise FlowError(f"{self.name}: unknown node '{key}' (declare it with .node() first; known: {known})")

    # -- what the page gets ------------------------------------------------------------

    def declaration(self) -> dict[str, Any]:
        if not self.steps:
            raise FlowError(f"{self.name}: no steps; declare at least one with .step()")
        return {
            "name": self.name,
            "title": self.title,
            "caption": self.caption,
            "alt": self.alt,
            "nodes": [{"key": node.key, "label": node.text} for node in self.nodes.values()],
            "steps": [
                {
                    "number": n,
                    "from": s.src,
                    "to": s.dst,
                    "from_label": self.nodes[s.src].text,
                    "to_label": self.nodes[s.dst].text,
                    "label": " ".join(s.label.split()),
                    "note": s.note,
                }
                for n, s in enumerate(self.steps, start=1)
            ],
        }

    # -- the picture -------------------------------------------------------------------

    def render(self) -> Path:
        out_dir = Path(
            os.environ.get(OUT_DIR_ENV) or Path(__file__).resolve().parent.parent / ".cache" / "diagrams" / "raw"
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        declaration = self.declaration()
        self._draw(out_dir / self.name)
        (out_dir / f"{self.name}{FLOW_SUFFIX}").write_text(
            json.dumps(declaration, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return out_dir / f"{self.name}{RAW_SUFFIX}"

    def _draw(self, stem: Path) -> None:
        from diagrams import Diagram, Edge

        # The library writes <filename>.svg; the renderer expects <name>.raw.svg.
        target = stem.with_name(stem.name + ".raw")
        with Diagram(
            "",
            filename=str(target),
            outformat="svg",
            show=False,
            direction=self.direction,
            curvestyle="curved",
            graph_attr=style.graph_attr(self.direction),
            node_attr=style.node_attr(),
            edge_attr=style.edge_attr(),
        ) as diagram:
            drawn = self._draw_nodes()
            # The library gives every Edge its own font ("Sans-Serif"), overriding the graph's
            # edge defaults: restate ours on each edge.
            for n, s in enumerate(self.steps, start=1):
                ids = {"id": step_id(self.name, n), "class": STEP_CLASS}
                (
                    drawn[s.src]
                    >> Edge(label=edge_label(n, s.label), **{**style.edge_attr(), **s.attrs, **ids})
                    >> drawn[s.dst]
                )
            for n, s in enumerate(self.links, start=1):
                ids = {"id": link_id(self.name, n), "class": LINK_CLASS}
                attrs = {**style.edge_attr(), **style.link_attr(), **s.attrs, **ids}
                if s.label:
                    attrs["label"] = html_label(s.label)
                drawn[s.src] >> Edge(**attrs) >> drawn[s.dst]
            for keys in self.ranks:
                with diagram.dot.subgraph() as rank:
                    rank.attr(rank="same")
                    for key in keys:
                        rank.node(key)

    def _draw_nodes(self) -> dict[str, Any]:
        from diagrams import Cluster, Node

        drawn: dict[str, Any] = {}

        def make(node: FlowNode) -> None:
            ids = {"id": node_id(self.name, node.key), "class": NODE_CLASS}
            if node.icon is None:
                drawn[node.key] = Node(node.label, nodeid=node.key, **style.note_node_attr(), **ids)
            else:
                # An HTML table (icon cell over text cell) sizes the node to its label, so
                # long labels never overflow onto the icon as with the library's fixed boxes.
                drawn[node.key] = Node(
                    icon_label(icon_path(node.icon), node.label), nodeid=node.key, **style.icon_node_attr(), **ids
                )

        def walk(tree: dict[str, Any], depth: int) -> None:
            for label, child in tree.items():
                if isinstance(child, FlowNode):
                    make(child)
                else:
                    with Cluster(label.split("\x00", 1)[1], graph_attr=style.cluster_attr(depth)):
                        walk(child, depth + 1)

        walk(self._cluster_tree(), 0)
        return drawn

    def _cluster_tree(self) -> dict[str, Any]:
        # Declaration order is kept so the layout (and so the bytes) never depend on hashing.
        tree: dict[str, Any] = {}
        for node in self.nodes.values():
            level = tree
            for part in node.cluster.split("/") if node.cluster else []:
                level = level.setdefault("cluster\x00" + part, {})
            level["node\x00" + node.key] = node
        return tree


def html_label(text: str, number: int | None = None) -> str:
    """A Graphviz HTML-like label: lets the step number be bold; text is escaped."""
    body = "<br/>".join(html_escape(line) for line in text.split("\n"))
    if number is not None:
        body = f"<b>{number}</b>&#160;{body}"
    return f"<{body}>"


def icon_path(icon: Any) -> str:
    """The PNG a diagrams class stands for (the library resolves it the same way)."""
    import diagrams

    if not getattr(icon, "_icon", None):
        raise FlowError(f"{icon!r} has no icon; pass a class such as diagrams.aws.security.KeyManagementService")
    path = Path(diagrams.__file__).resolve().parent.parent / icon._icon_dir / icon._icon
    if not path.is_file():
        raise FlowError(f"icon file {path} of {icon.__name__} is missing; reinstall the 'diagrams' package")
    return str(path)


def icon_label(path: str, text: str) -> str:
    size = style.ICON_SIZE
    lines = "<br/>".join(html_escape(line) for line in text.split("\n"))
    # The table's own border is drawn transparent: it is the ring the page script's CSS
    # colours around the boxes of the current step (no layout change when highlighted).
    return (
        f'<<table border="1" style="rounded" color="transparent" cellborder="0" cellspacing="2" cellpadding="1">'
        f'<tr><td fixedsize="true" width="{size}" height="{size}"><img src="{html_escape(path)}" scale="true"/></td></tr>'
        f"<tr><td>{lines}</td></tr></table>>"
    )


def edge_label(number: int, text: str) -> str:
    return html_label(text, number)


if __name__ == "__main__":
    sys.exit("diagrams/_flow.py is a library: run a diagram program, or `make diagrams`.")
