"""The trained agent with the real pipeline, for the action tests that hold whole conversations (one a module: each
module's conversations in their own database)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.actions.agent_harness import load_agent


@pytest.fixture(scope="module")
def actions_agent(trained_model: Path, tmp_path_factory: pytest.TempPathFactory,
                  request: pytest.FixtureRequest) -> Iterator[Any]:
    yield load_agent(trained_model, tmp_path_factory.mktemp(f"{request.module.__name__.rpartition('.')[2]}_agent"))
