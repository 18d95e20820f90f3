# The two commands of the README, and a few helpers. Each installs what is missing first.
.PHONY: serve test test-fast check migrate train parse lock

serve:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot serve

test:
	@scripts/bootstrap.sh
	.venv/bin/python -m pytest

# Tests that need neither the trained model nor a running server: seconds, not minutes.
test-fast:
	@scripts/bootstrap.sh
	.venv/bin/python -m pytest -m "not model and not server"

# Lint and types (bot/ and actions/); CI runs this before the tests.
check:
	@scripts/bootstrap.sh
	.venv/bin/ruff check bot actions tests bench scripts
	.venv/bin/mypy

migrate:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot migrate

train:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot train

parse:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot parse

lock:
	scripts/lock.sh
