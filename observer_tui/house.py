"""What screens and widgets may know of the app: its workspace and its keymap, nothing else.

Screens never import the app. They reach the data folder through `workspace_of`, and ask
the app (through messages in `observer_tui.messages`) to open a session or go home.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from observer_tui.core.workspace import Workspace


@runtime_checkable
class HasWorkspace(Protocol):
    """An app that holds a workspace (ObserverApp)."""

    workspace: Workspace


def workspace_of(node: DOMNode) -> Workspace:
    """The workspace of the app `node` runs in."""
    app = node.app
    if not isinstance(app, HasWorkspace):
        raise TypeError(f"{type(app).__name__} holds no workspace")
    return app.workspace


@runtime_checkable
class HasKeymap(Protocol):
    """An app that holds the coach's keymap (ObserverApp)."""

    keymap: Mapping[str, str]


def keymap_of(node: DOMNode) -> Mapping[str, str]:
    """The keys the coach's keymap file sets, by binding id (none outside ObserverApp)."""
    app = node.app
    return app.keymap if isinstance(app, HasKeymap) else {}
