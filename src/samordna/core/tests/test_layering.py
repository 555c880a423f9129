"""core is the bottom layer: it imports no domain app, the apps register what it needs."""

import ast
from pathlib import Path

import samordna.core

CORE = Path(samordna.core.__file__).parent


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_imports_no_domain_app():
    sources = [p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts]
    assert len(sources) > 5
    imports = {
        (str(path.relative_to(CORE)), module)
        for path in sources
        for module in _imported_modules(path)
        if module.startswith("samordna.") and not module.startswith("samordna.core")
    }
    assert not imports, f"core imports domain apps: {sorted(imports)}"
