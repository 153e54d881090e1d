# 최적화와 규제 / Optimization & Regularization in Deep Learning
#   make book   build the website into _build/html (creates .venv and installs requirements.txt if missing)
#   make test   run every test: unit tests, bilingual lint, nbval (strict) over every notebook, the book build
#   make bench  time the helpers against torch and the memory bandwidth, the notebooks and the build
#               (BENCH_ARGS=--quick: a smoke run in seconds)
#   make lab    JupyterLab on the book (jupyterlab-myst renders MyST directives)
#   make clean  remove build outputs (keeps .venv)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: venv book test bench lab clean

venv: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo
	@echo "책이 만들어졌습니다 / The book is built:  file://$(abspath _build/html/index.html)"
	@echo "(또는 / or:  $(BIN)/python -m http.server -d _build/html 8000  →  http://127.0.0.1:8000)"

test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# JupyterLab refuses to start as root (containers, CI) unless told to
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ARGS) book/

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
