"""Schemathesis against the OpenAPI schema of a real `newsprism serve` over the analysed demo
corpus: generated requests, valid and invalid, to every API operation. No answer may be a 5xx, and
every answer must match the schema (status code, content type, body). Each generated request is
sent once as generated and once with the ids and names replaced by real ones, so that the handlers
behind the 404s run too. A longer campaign, by hand: docs/reliability.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(demo_db: Path, serve: Callable[[Path], str]) -> Any:
    return schemathesis.openapi.from_url(serve(demo_db) + "/openapi.json")


@pytest.fixture(scope="module")
def real_values(demo_db: Path) -> dict[str, list[str]]:
    """Ids and names that exist in the store, per parameter name."""
    with closing(sqlite3.connect(demo_db)) as connection:

        def column(sql: str) -> list[str]:
            return [row[0] for row in connection.execute(sql)]

        return {
            "story_id": column("SELECT id FROM stories ORDER BY id"),
            "article_id": column("SELECT id FROM articles ORDER BY id"),
            "name": column("SELECT DISTINCT canonical FROM entities ORDER BY 1 LIMIT 20")
            + column("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1"),
        }


# Examples per operation and generation mode; a longer campaign: docs/reliability.md.
EXAMPLES = 20


def test_web_api_answers_every_generated_request_by_its_schema(
    api_schema: Any, real_values: dict[str, list[str]]
) -> None:
    # One Hypothesis run per operation and mode (schemathesis's pytest plugin cannot take its schema
    # from a fixture under pytest 9).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    sent: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def generated(case: Any) -> None:
                sent.append(case.operation.label)
                check(case)
                if with_real_values(case, real_values):
                    check(case)

            try:
                generated()
            except Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise
                # no parameter or body that can be made invalid (/api/facets, /api/groups)
    assert len(sent) >= len(operations) * EXAMPLES


def with_real_values(case: Any, real_values: dict[str, list[str]]) -> bool:
    """Put ids and names that exist in place of generated ones; whether any was replaced."""
    replaced = False
    for parameters in (case.path_parameters, case.query):
        for key, values in real_values.items():
            if parameters and isinstance(parameters.get(key), str):
                parameters[key] = values[len(parameters[key]) % len(values)]
                replaced = True
    return replaced


def check(case: Any) -> None:
    """Schemathesis's default checks (no server error; status code, content type and body as the
    schema says; invalid data rejected, valid data accepted), and never a 5xx of any kind."""
    response = case.call_and_validate(timeout=60)
    assert response.status_code < 500, f"{response.status_code} {case.path} {response.text[:300]}"
