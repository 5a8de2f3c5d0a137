# The front door: `make bootstrap`, then `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: bootstrap test libspy bench clean

bootstrap: $(VENV)/.installed libspy

$(VENV)/.installed: pyproject.toml
	@echo "== venv and Python dependencies"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(BUILD)/build.ninja: $(VENV)/.installed
	@echo "== meson setup"
	$(VENV)/bin/meson setup $(BUILD) --wipe >/dev/null 2>&1 || $(VENV)/bin/meson setup $(BUILD)

libspy: $(BUILD)/build.ninja
	@echo "== libspy"
	$(VENV)/bin/meson compile -C $(BUILD)

test: bootstrap
	$(VENV)/bin/meson test -C $(BUILD) --print-errorlogs
	$(PY) -m pytest -n auto -q

bench: bootstrap
	$(PY) tools/bench/run.py

clean:
	rm -rf $(BUILD)
