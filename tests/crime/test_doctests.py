"""The examples in the crime library's docstrings run, and give what they say.

Every module of ``prevhub.crime`` is imported and its doctests run (numpydoc "Examples"
sections, :mod:`prevhub.crime.periods`' hand-worked months), so an example that drifts from
the code fails the suite rather than misleading a reader. ``prevhub.cli.output``'s examples of
CSV and table cells run too.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import prevhub.crime

MODULES = sorted(
    {"prevhub.crime"}
    | {m.name for m in pkgutil.walk_packages(prevhub.crime.__path__, "prevhub.crime.")}
    | {"prevhub.cli.output"}
)
#: Modules known to hold examples: if none were found there, collection itself broke.
WITH_EXAMPLES = {
    "prevhub.crime.periods",
    "prevhub.crime.stats",
    "prevhub.crime.find.gistar",
    "prevhub.crime.find.kde",
    "prevhub.crime.find.knox",
    "prevhub.cli.output",
}


@pytest.mark.parametrize("name", MODULES)
def test_the_modules_examples_give_what_they_say(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(module, name) if t.examples]
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"no examples found in {name}"


def test_every_module_with_examples_is_collected() -> None:
    assert set(MODULES) >= WITH_EXAMPLES
