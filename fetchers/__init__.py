"""Fetching and importing literature: PubMed (Biopython Entrez), ClinicalTrials.gov, files."""

import contextlib
import sys
from collections.abc import Iterable, Iterator

TOOL_NAME = "kratom-evidence-tracker"

#: Modules an import's processes keep out (an import of them fails there; sqlite-utils
#: copes). sqlite-utils imports them whenever they are installed, only to map their types to
#: column types: about 90 MB and half a second of every process that imports it. Kept here,
#: in a module that imports nothing heavy, so the CLI can hide them before anything else.
UNUSED_BY_IMPORTS = ("pandas", "numpy")


@contextlib.contextmanager
def hidden_modules(names: Iterable[str] = UNUSED_BY_IMPORTS) -> Iterator[None]:
    """Imports inside see these modules as not installed, so they skip optional support for
    them; afterwards the modules import normally (whoever really needs them pays then)."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import name" now fails
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
