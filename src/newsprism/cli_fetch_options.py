"""The options that `fetch` and `watch` share: how often, and how politely and how far to fetch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newsprism.fetch import FetchSettings

EveryOption = Annotated[str, typer.Option("--every", help="How often each source is due: 15m, 1h, 1h30m.")]
UserAgentOption = Annotated[str | None, typer.Option("--user-agent", help="The User-Agent sent.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to connect and per read.")]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", min=1024, help="Largest response body (after decompression).")
]
ConcurrencyOption = Annotated[
    int, typer.Option("--concurrency", min=1, max=64, help="Sources fetched at once.")
]
IntervalOption = Annotated[
    float, typer.Option("--host-interval", min=0.0, help="Least seconds between two requests to one host.")
]

MaxWaitOption = Annotated[
    float,
    typer.Option(
        "--max-wait", min=0.0, help="Longest Retry-After waited for (seconds); past it, tried next round."
    ),
]
PrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private/--no-private",
        help="Fetch loopback and private addresses (a local or intranet source); never from a public one.",
    ),
]


def fetch_settings(
    user_agent: str | None, limits: tuple[float, int, int, float, float], allow_private: bool
) -> FetchSettings:
    """The client's settings from the options: (timeout, max bytes, concurrency, host interval,
    max wait)."""
    from newsprism.fetch import FetchSettings

    timeout, max_bytes, concurrency, host_interval, max_wait = limits
    return FetchSettings(
        user_agent=user_agent or FetchSettings().user_agent,
        timeout=timeout,
        max_bytes=max_bytes,
        concurrency=concurrency,
        host_interval=host_interval,
        max_wait=max_wait,
        allow_private=allow_private,
    )
