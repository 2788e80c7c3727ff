"""Runners: the same pipeline and store, over one process (`local`) or, later, a Dask cluster."""

from newsprism.run.local import RunReport, read_all, run

__all__ = ["RunReport", "read_all", "run"]
