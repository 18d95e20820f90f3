# The two commands of the README, and a few helpers. Each installs what is missing first.
.PHONY: serve test train parse lock

serve:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot serve

test:
	@scripts/bootstrap.sh
	.venv/bin/python -m pytest

train:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot train

parse:
	@scripts/bootstrap.sh
	.venv/bin/python -m bot parse
