"""One look for every diagram: fonts, colours and spacing live here and nowhere else.

Sizes are Graphviz inches (72 pt). A diagram should stay near 800 px wide so it shows at
full size in the content column; wider ones still shrink to fit (CSS max-width: 100%).
"""

from __future__ import annotations

# Graphviz measures text with a font fontconfig can find; DejaVu Sans is wide, so a
# viewer's substitute from the stack below never overflows the space Graphviz reserved.
LAYOUT_FONT = "DejaVu Sans"
# What the SVG asks the viewer for: generic families that exist everywhere, no web fonts.
FONT_STACK = "DejaVu Sans, Helvetica, Arial, sans-serif"

INK = "#1B2430"  # labels: dark enough for print and for contrast on white
MUTED = "#4B5563"  # cluster titles and secondary links
STEP = "#B0471B"  # numbered steps: one accent colour so the eye follows the flow
LINK = "#6B7280"  # unnumbered relations ("attached to", "successor")
BACKGROUND = "#FFFFFF"  # white panel: the figure stays readable in the dark theme
CLUSTER_FILLS = ("#EEF4FB", "#F3F7EE", "#F5F1FA", "#FDF8EA")
CLUSTER_BORDER = "#9AA5B1"
NOTE_FILL = "#FFF8E1"  # text-only boxes (keys, policies) that have no AWS icon
NOTE_BORDER = "#C9A227"

FONT_SIZE = "12"
EDGE_FONT_SIZE = "12"
CLUSTER_FONT_SIZE = "12"

ICON_SIZE = 52  # icon box in the picture, points (= CSS px)
ICON_SIZE_PX = 112  # icons are shrunk to about this before embedding: sharp at 2x, small


def graph_attr(direction: str) -> dict[str, str]:
    return {
        "rankdir": direction,
        # Labels sit on their edges only with spline routing; ortho misplaces them.
        "splines": "spline",
        "label": "",
        "pad": "0.25",
        "nodesep": "0.45",
        "ranksep": "0.55",
        "fontname": LAYOUT_FONT,
        "fontsize": CLUSTER_FONT_SIZE,
        "fontcolor": INK,
        "bgcolor": BACKGROUND,
        "newrank": "true",
    }


def node_attr() -> dict[str, str]:
    return {
        "fontname": LAYOUT_FONT,
        "fontsize": FONT_SIZE,
        "fontcolor": INK,
    }


def edge_attr() -> dict[str, str]:
    return {
        "fontname": LAYOUT_FONT,
        "fontsize": EDGE_FONT_SIZE,
        "fontcolor": INK,
        "color": STEP,
        "penwidth": "1.3",
        "arrowsize": "0.7",
    }


def link_attr() -> dict[str, str]:
    return {"color": LINK, "fontcolor": MUTED, "style": "dashed", "penwidth": "1.1"}


def cluster_attr(depth: int) -> dict[str, str]:
    return {
        "bgcolor": CLUSTER_FILLS[depth % len(CLUSTER_FILLS)],
        "pencolor": CLUSTER_BORDER,
        "fontname": LAYOUT_FONT,
        "fontsize": CLUSTER_FONT_SIZE,
        "fontcolor": MUTED,
        "style": "rounded",
        "labeljust": "l",
        "margin": "10",
    }


def icon_node_attr() -> dict[str, str]:
    # "plain": no shape and no margin; the HTML label (icon over text) is the whole node.
    return {"shape": "plain", "fixedsize": "false", "width": "0", "height": "0"}


def note_node_attr() -> dict[str, str]:
    # Text-only boxes: key material, policies. Sized by their text, not fixed.
    return {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": NOTE_FILL,
        "color": NOTE_BORDER,
        "fixedsize": "false",
        "width": "0",
        "height": "0",
        "margin": "0.10,0.06",
        "labelloc": "c",
    }
