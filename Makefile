# The front door: `make bootstrap`, then `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build
PREFIX ?= /usr/local
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: bootstrap lox wasi playground test install bench fuzz clean

# venv, libspy, stage1, stage2, the fixed point, build/bin/spy and build/bin/lox
bootstrap:
	@bash bootstrap/bootstrap.sh $(PYTHON) $(VENV) $(BUILD)

# build/bin/lox, the Lox VM of examples/lox (make bootstrap builds it too)
lox: bootstrap

# the WASI target: libspy for wasm32-wasi, its C compiler and runner, in
# build/lib/spy/wasm32-wasi/ (bootstrap/wasi.sh)
wasi: bootstrap
	@bash bootstrap/wasi.sh $(PYTHON) $(VENV) $(BUILD)

# the playground, a static page running spy.wasm: build/playground/
# (bootstrap/playground.py; serve it with python3 -m http.server)
playground: wasi
	@$(PY) bootstrap/playground.py . $(BUILD)/wasi/spy.wasm $(BUILD)/playground

test: bootstrap wasi playground
	@bash bootstrap/venv.sh $(PYTHON) $(VENV) test
	$(VENV)/bin/mypy stage0
	$(VENV)/bin/meson test -C $(BUILD) --print-errorlogs
	$(PY) -m pytest -n auto -q

# PREFIX/bin/spy, and its runtime in PREFIX/lib/spy
install: bootstrap
	$(VENV)/bin/meson configure $(BUILD) -Dprefix=$(abspath $(PREFIX)) >/dev/null
	$(VENV)/bin/meson install -C $(BUILD) --quiet

bench: bootstrap
	@bash bootstrap/venv.sh $(PYTHON) $(VENV) test
	@bash bootstrap/venv.sh $(PYTHON) $(VENV) bench
	$(PY) tools/bench/run.py
	$(PY) tools/bench/pyext.py

# generated programs against CPython; SEEDS=A:B, reproducers in fuzz-findings/
SEEDS ?= 0:1000
fuzz: bootstrap
	$(PY) tools/fuzz/run.py --seeds $(SEEDS) --jobs 2

clean:
	rm -rf $(BUILD)
