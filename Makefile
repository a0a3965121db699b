# The two commands of the README: `make run` and `make test`. Everything else is optional.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# make run serves this machine only; ADDRESS=0.0.0.0 serves every network it is on (a room).
ADDRESS ?= 127.0.0.1

.PHONY: run test test-fast lint data validate bench clean

run:  ## install what the app needs and serve it on the bundled dataset
	scripts/setup-venv.sh requirements.txt
	scripts/ensure-system.sh  # Chromium and fonts make the PDF and image exports
	$(PY) -m streamlit run streamlit_app.py --server.address $(ADDRESS) --server.port $(PORT)

test:  ## install what the tests need (Chromium included, when root) and run every test
	scripts/setup-venv.sh requirements-dev.txt
	scripts/ensure-system.sh --tests
	$(PY) -m ruff check .
	$(PY) -m pytest --durations=15 $(PYTEST_ARGS)  # the 15 slowest tests listed at the end

test-fast:  ## every test except the ones in a real browser
	scripts/setup-venv.sh requirements-dev.txt
	$(PY) -m pytest -m "not browser" --durations=15 $(PYTEST_ARGS)

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

# make data builds into $(BUILD), checks it, and only then moves the files into data/ and assets/:
# a build that fails or does not validate leaves them as they were (and $(BUILD) to look at).
BUILD := var/data-build

data:  ## rebuild data/ and assets/ from the public files ($$TIP_DASHBOARD_REFERENCE, or REFERENCE=...)
	rm -rf $(BUILD)
	$(PY) -m dashboard.importers build --out $(BUILD)/data --assets $(BUILD)/assets $(if $(REFERENCE),--reference $(REFERENCE))
	$(PY) -m dashboard.dataset validate $(BUILD)/data
	$(PY) -m dashboard.importers install $(BUILD) --out data --assets assets
	rm -rf $(BUILD)

validate:  ## check the bundled dataset (or DATA=path)
	$(PY) -m dashboard.dataset validate $(or $(DATA),data)

bench:  ## measure the speed targets; prints a table, writes bench/results/*.json
	scripts/setup-venv.sh requirements-dev.txt
	scripts/ensure-system.sh --tests
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts
