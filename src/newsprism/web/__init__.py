"""The web app and JSON API over a store (`newsprism serve`)."""

from newsprism.web.app import DEFAULT_HOST, DEFAULT_PORT, create_app, serve
from newsprism.web.groups import GroupsError, OutletGroup, load_groups
from newsprism.web.state import Settings

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "GroupsError",
    "OutletGroup",
    "Settings",
    "create_app",
    "load_groups",
    "serve",
]
