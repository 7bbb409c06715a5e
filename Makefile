# Two commands on a fresh machine with Python 3.11+:
#   make build   sets up .venv and builds every site into site/
#   make test    sets up .venv (with test tools) and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
# The YAML language server that VS Code's YAML extension runs, and Decap CMS with decap-server for the web admin
# (package.json, pinned in package-lock.json): the editor and admin tests drive them. Without npm they skip with a message.
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)

.PHONY: build test setup editor beheer bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt --build-constraint constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm ontbreekt: de tests met de editor (yaml-language-server) en het beheer (Decap CMS) worden overgeslagen."; \
	fi

editor: $(NODE_STAMP)

# Decap CMS and decap-server for 'werkcentrum beheer' (the same npm packages).
beheer: $(NODE_STAMP)

build: $(STAMP)
	$(BIN)/werkcentrum build

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/build_speed.py

clean:
	rm -rf build site .cache
