"""One demo run shared by the collect tests: distribute → returns → collect → validate → consolidate."""

import pytest

from workbook_tools.collect.demo import run_demo


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo's output folder and paths (run once: it writes ~40 workbooks)."""
    out = tmp_path_factory.mktemp("demo")
    lines: list[str] = []
    paths = run_demo(out, seed=2021, echo=lines.append)
    return {"out": out, "paths": paths, "lines": lines}
