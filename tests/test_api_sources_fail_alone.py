"""The API sources stopped in turn (OpenRouter refusing every request, a malformed Artificial Analysis answer,
Epoch AI's file unreachable): `atom refresh` still publishes the others, keeps the stopped one's rows, names it, and exits
non-zero."""

import pytest

from tests.source_stops import check_a_stopped_source, environment, services, warehouse  # noqa: F401 (fixtures)


@pytest.mark.parametrize("stopped", ["openrouter_rankings", "artificial_analysis", "epoch"])
def test_a_stopped_api_source_keeps_its_rows_and_the_others_are_published(
    warehouse, services, environment, capsys, stopped
):
    check_a_stopped_source(warehouse, services, environment, capsys, stopped)
