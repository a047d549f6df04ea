# One-command set-up and the warehouse's everyday tasks.
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false

.PHONY: install demo test chaos ui sample bench clean

$(BIN)/atom: pyproject.toml Makefile
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]'
	touch $@

install: $(BIN)/atom

demo: install
	$(BIN)/atom demo

test: install
	$(BIN)/pytest -n 2 --dist loadfile

# Twenty backfills killed at seeded moments over ingestion, the dbt build and publication, each run again and
# compared with an uninterrupted one; prints the tally.
chaos: install
	$(BIN)/pytest -n 2 --dist load -m chaos --chaos-trials 20 tests/test_killed_and_concurrent_runs.py

# The UI on the bundled sample served on loopback; `make ui SOURCES=live` reads the real sources instead.
ui: install
	$(BIN)/atom ui $(if $(filter live,$(SOURCES)),,--sample)

sample: install
	$(BIN)/python scripts/build_sample.py

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs

bench: install
	$(BIN)/python -m benchmarks.run
