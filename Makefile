# translate-news: offline Italian→English news translation. `make translate` and `make test` first.
SHELL    := /bin/bash
PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
CLI      := $(BIN)/translate-news
ARTICLES ?= articles
OUT      ?= output
GLOSSARY ?= translate_news/data/glossaries/film-tv.it-en.tsv
FIXTURE  := tests/fixtures/model/translate-it_en-fixture.argosmodel
SHARED   ?= ../shared

.PHONY: translate test test-latest soak demo demo-check qa qa-bench bench install lock fixture-model lint validate clean

ARGOS    := argostranslate>=1.11,<2
LOCK     := requirements.lock

# Every make target installs from the lock: exact versions of every package, installed with --no-deps,
# so nothing is resolved on the day of the install. That is also how argostranslate goes in without
# torch, stanza or spacy (we use its package folders only; its runtime needs are ours, in pyproject.toml).
$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --no-deps -r $(LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

# The lock, regenerated from pyproject's ranges in a throwaway venv (Python 3.11 on Linux x86-64).
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip setuptools
	.venv-lock/bin/pip install -q -c constraints.txt '.[test]'
	.venv-lock/bin/pip install -q --no-deps '$(ARGOS)'
	{ sed -n '/^#/p' $(LOCK); .venv-lock/bin/pip freeze --all --exclude translate-news; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .venv-lock
	git diff --stat -- $(LOCK) || true

# Not in CI: the newest releases pyproject allows, the packages that differ from the lock, then the tests.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/pip install -q --upgrade pip setuptools
	.venv-latest/bin/pip install -q -c constraints.txt -e '.[test]'
	.venv-latest/bin/pip install -q --no-deps '$(ARGOS)'
	@echo "packages that differ from $(LOCK) (< lock, > latest):"
	@diff <(grep -v '^#' $(LOCK) | sort -f) <(.venv-latest/bin/pip freeze --all --exclude translate-news | sort -f) \
		| grep '^[<>]' || echo "  none"
	.venv-latest/bin/ruff check translate_news tests tools bench
	.venv-latest/bin/pytest

# The fixture builder and the Argos baseline need torch: the CPU build pinned in constraints.txt goes
# in first, so stanza's requirement does not pull a multi-GB CUDA build. The lock keeps every package
# the venv already has at its locked version.
$(VENV)/.torch: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -c $(LOCK) torch==2.13.0
	touch $@

install: $(VENV)/.installed

translate: install
	$(CLI) models install it en --if-missing $(if $(MODEL),--from $(MODEL),)
	$(CLI) run $(ARTICLES) --output $(OUT) --glossary $(GLOSSARY)
	$(CLI) build -o $(OUT)

test: install
	$(BIN)/ruff check translate_news tests tools bench
	$(BIN)/pytest

# The review lifecycle state machine, far longer than CI runs it (tests/review/test_review_lifecycle.py).
SOAK_EXAMPLES ?= 500
SOAK_STEPS    ?= 30
soak: install
	LIFECYCLE_EXAMPLES=$(SOAK_EXAMPLES) LIFECYCLE_STEPS=$(SOAK_STEPS) $(BIN)/pytest -p no:cacheprovider \
		tests/review/test_review_lifecycle.py --hypothesis-show-statistics

demo: install
	$(CLI) run articles --output demo-output --glossary $(GLOSSARY) --model $(FIXTURE)
	$(CLI) build -o demo-output
	$(CLI) status -o demo-output
	$(CLI) check -o demo-output  # reports the fixture model's known mistakes; not a gate

# The QA gate for real work: exit 1 when check finds an error (facts or terminology) in $(OUT).
qa: install
	$(CLI) check -o $(OUT) --glossary $(GLOSSARY) --strict

validate: demo
	$(BIN)/python $(SHARED)/validators/validate.py demo-output/*/*.po demo-output/*/*.xlf demo-output/*/*.tmx

# False alarms and recall of the QA checks on real human translations (../shared/bench/qa, issue 22):
# prints a Markdown table and writes bench/qa-results.md. Measurement only, not a gate.
qa-bench: install
	$(BIN)/python bench/qa_bench.py --data $(SHARED)/bench/qa/partut-it-en.tsv
	$(BIN)/python bench/qa_bench.py --data $(SHARED)/bench/qa/partut-it-en.tsv --profile strict --results bench/qa-results-strict.md

bench: $(VENV)/.torch
	$(BIN)/pip install -q -c constraints.txt -c $(LOCK) -e '.[fixture,bench]'
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)

fixture-model: $(VENV)/.torch
	$(BIN)/pip install -q -c constraints.txt -c $(LOCK) -e '.[fixture]'
	$(BIN)/python tools/build_fixture_model.py

lint: install
	$(BIN)/ruff check translate_news tests tools bench
	$(BIN)/ruff format --check translate_news tests tools bench

clean:
	rm -rf demo-output bench/out .pytest_cache
