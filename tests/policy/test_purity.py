"""jiuzhu.policy is pure: no Django, nothing from jiuzhu outside jiuzhu.policy, jiuzhu.idnumber and the
plain-Python jiuzhu.core.cells (formula-safe CSV text)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jiuzhu.policy

PKG = Path(jiuzhu.policy.__file__).parent
ALLOWED = ("jiuzhu.policy", "jiuzhu.idnumber", "jiuzhu.core.cells")


def test_policy_imports_only_allowed_modules() -> None:
    for f in PKG.glob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for n in names:
                assert not n.startswith("django"), (f.name, n)
                if n.startswith("jiuzhu"):
                    assert n.startswith(ALLOWED), (f.name, n)


def test_importing_policy_loads_no_django() -> None:
    code = "import sys, jiuzhu.policy, jiuzhu.policy.cli; assert not [m for m in sys.modules if m.startswith('django')]"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
