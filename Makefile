# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install browser stress bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/kg

demo: install  ## build the graph of the bundled sample articles into .geokg/ and exports/
	$(BIN)/kg build --out exports
	@echo "outputs: exports/graph.ttl, exports/graph.html (store: .geokg/)"

browser:  ## Debian's headless Chromium for the page tests
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: install browser  ## the whole suite
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .geokg exports/graph.ttl exports/graph.html
