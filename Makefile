# translate-news: offline Italian→English news translation. `make translate` and `make test` first.
PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
CLI      := $(BIN)/translate-news
ARTICLES ?= articles
OUT      ?= output
GLOSSARY ?= glossaries/film-tv.it-en.tsv
FIXTURE  := tests/fixtures/model/translate-it_en-fixture.argosmodel
SHARED   ?= ../shared

.PHONY: translate test soak demo qa bench install fixture-model lint validate clean

ARGOS    := argostranslate>=1.11,<2

# The venv is made once, without torch, stanza or spacy: argostranslate goes in with --no-deps (we use
# its package folders only; its real runtime requirements are declared in pyproject.toml).
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	$(BIN)/pip install -q --no-deps '$(ARGOS)'
	touch $@

# The fixture builder and the Argos baseline need torch: the CPU build pinned in constraints.txt goes
# in first, so stanza's requirement does not pull a multi-GB CUDA build.
$(VENV)/.torch: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt torch==2.13.0
	touch $@

install: $(VENV)/.installed

translate: install
	$(CLI) models install it en --if-missing $(if $(MODEL),--from $(MODEL),)
	$(CLI) run $(ARTICLES) --output $(OUT) --glossary $(GLOSSARY)
	$(CLI) build -o $(OUT)

test: install
	$(BIN)/ruff check translate_news tests tools bench
	$(BIN)/pytest

# The review lifecycle state machine, far longer than CI runs it (tests/test_review_lifecycle.py).
SOAK_EXAMPLES ?= 500
SOAK_STEPS    ?= 30
soak: install
	LIFECYCLE_EXAMPLES=$(SOAK_EXAMPLES) LIFECYCLE_STEPS=$(SOAK_STEPS) $(BIN)/pytest -p no:cacheprovider \
		tests/test_review_lifecycle.py --hypothesis-show-statistics

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

bench: $(VENV)/.torch
	$(BIN)/pip install -q -c constraints.txt -e '.[fixture,bench]'
	$(BIN)/python bench/run_bench.py

fixture-model: $(VENV)/.torch
	$(BIN)/pip install -q -c constraints.txt -e '.[fixture]'
	$(BIN)/python tools/build_fixture_model.py

lint: install
	$(BIN)/ruff check translate_news tests tools bench
	$(BIN)/ruff format --check translate_news tests tools bench

clean:
	rm -rf demo-output bench/out .pytest_cache
