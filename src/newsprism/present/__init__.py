"""Presentation: terminal (rich), JSON records and the self-contained HTML report."""
