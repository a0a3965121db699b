# The two commands of the README: `make run` and `make test`. Everything else is optional.
VENV := .venv
PY := $(VENV)/bin/python
REFERENCE ?= ../shared/reference-data
PORT ?= 8501

.PHONY: run test test-fast lint data validate bench clean

run:  ## install what the app needs and serve it on the bundled dataset
	scripts/setup-venv.sh requirements.txt
	scripts/ensure-system.sh  # Chromium and fonts make the PDF and image exports
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT)

test:  ## install what the tests need (Chromium included, when root) and run every test
	scripts/setup-venv.sh requirements-dev.txt
	scripts/ensure-system.sh --tests
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast:  ## every test except the ones in a real browser
	scripts/setup-venv.sh requirements-dev.txt
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

data:  ## rebuild data/ and assets/countries.geojson from the public reference files
	$(PY) -m dashboard.importers build --reference $(REFERENCE) --out data --assets assets

validate:  ## check the bundled dataset (or DATA=path)
	$(PY) -m dashboard.dataset validate $(or $(DATA),data)

bench:  ## measure the speed targets; prints a table, writes bench/results/*.json
	scripts/setup-venv.sh requirements-dev.txt
	scripts/ensure-system.sh --tests
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
