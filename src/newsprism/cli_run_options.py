"""The options `analyze` and `ingest` share: paths, outlet, file size, batch size, where to run."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["BatchOption", "DaskOption", "MaxSizeOption", "OutletOption", "PathsArgument", "WorkersOption"]

PathsArgument = Annotated[
    list[str], typer.Argument(help="Files or folders (read recursively); - for standard input.")
]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--outlet",
        help="Outlet of the articles that name none (no outlet field, source line or URL); "
        "by default the name of the folder they are in under a given directory.",
    ),
]
MaxSizeOption = Annotated[
    int, typer.Option("--max-file-size", help="Skip, with an error, files larger than this many bytes.")
]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Articles written per transaction (and analysed together).")
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Parse and analyse on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "results are written here. Needs the dask extra; see docs/scaling.md.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Parse and analyse in N local worker processes (a Dask LocalCluster)."
    ),
]
