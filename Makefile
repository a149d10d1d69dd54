# ITA Portal. The work is done by scripts/, so everything also runs without make.
# Variables: ARGS="..." (extra pytest args), PYTHON=..., HOST=..., PORT=..., DATABASE_URL=...

.PHONY: help run test setup lint clean
.DEFAULT_GOAL := help

ARGS ?=

help:
	@echo "make run    set up and start the portal on SQLite with demo data (HOST/PORT)"
	@echo "make test   set up and run ruff, Django checks and pytest (ARGS='-k ...')"
	@echo "make setup  install system packages, .venv and Python packages incl. test tools"
	@echo "make lint   ruff check"
	@echo "make clean  remove .venv, db.sqlite3 and staticfiles"

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

setup:
	bash scripts/setup.sh --test

lint: setup
	.venv/bin/ruff check .

clean:
	rm -rf .venv db.sqlite3 staticfiles
