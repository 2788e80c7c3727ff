"""Runners: the same pipeline and store, over one process (`local`) or, later, a Dask cluster."""

from newsprism.run.local import BATCH_SIZE, RunReport, read_all, run

__all__ = ["BATCH_SIZE", "RunReport", "read_all", "run"]
