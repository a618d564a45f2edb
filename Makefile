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

BENCH_RESULTS ?= /tmp/geokg-bench.jsonl
BENCH_SIZES   ?= 500,1000,2000  # fits make bench in < 15 min; the issue's figures: make bench BENCH_SIZES=1000,10000,50000
BENCH_STORE_TRIPLES ?= 200000
bench: install browser  ## benchmarks in bench/, printed as one table of figures against the targets (< 15 minutes)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	rm -f $(BENCH_RESULTS)
	BENCH_RESULTS=$(BENCH_RESULTS) $(BIN)/python -m bench.bench_extract
	BENCH_RESULTS=$(BENCH_RESULTS) $(BIN)/python -m bench.bench_build --sizes $(BENCH_SIZES)
	BENCH_RESULTS=$(BENCH_RESULTS) $(BIN)/python -m bench.bench_view  # the network page in headless chromium (make browser)
	$(BIN)/python -m bench.bench_store --triples $(BENCH_STORE_TRIPLES)  # the issue's figure: --triples 1000000
	$(BIN)/python -m bench.table $(BENCH_RESULTS)

stress: install  ## the long tests excluded from `make test` (pytest -m stress): kills, load
	$(BIN)/python -m pytest -q -m stress

clean:
	rm -rf $(VENV) .geokg exports/graph.ttl exports/graph.html
