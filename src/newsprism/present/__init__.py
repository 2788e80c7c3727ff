"""Presentation: terminal (rich), JSON records and the self-contained HTML report.

The package itself exports nothing: each view is imported from its module (`present.report`,
`present.terminal`, `present.charts`, ...), so a reader that needs one view loads no other."""

__all__: list[str] = []
