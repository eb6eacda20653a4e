"""Only tui/ may import textual: the core runs without a terminal UI."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ("models", "recorder", "transcribe", "tagging")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_packages_never_import_textual_or_the_ui():
    offenders = []
    for package in CORE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = _imported_modules(path) & {"textual", "tui"}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert offenders == []


def test_dependencies_point_one_way():
    """models imports none of the packages built on it."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "models").rglob("*.py"))
        if _imported_modules(path) & {"recorder", "transcribe", "tagging", "tui"}
    ]
    assert offenders == []


def test_the_tagger_does_not_depend_on_the_transcriber():
    """transcribe reads tagging.numbers (to know a score when it hears one); never the reverse."""
    offenders = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "tagging").rglob("*.py"))
                 if _imported_modules(path) & {"transcribe", "recorder", "tui"}]
    assert offenders == []


def test_core_packages_import_without_textual_loaded():
    code = (
        "import importlib, pkgutil, sys\n"
        f"for package in {CORE_PACKAGES!r}:\n"
        "    module = importlib.import_module(package)\n"
        "    for info in pkgutil.walk_packages(module.__path__, package + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
