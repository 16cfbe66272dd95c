"""Every regular expression prodready runs, gathered for the ReDoS test and the security docs."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys


def all_patterns() -> dict[str, re.Pattern[str]]:
    """name -> compiled pattern, for module-level patterns, Usage code and secret detectors."""
    import prodready
    from prodready.facts.usage import Usage, compile_code
    from prodready.registry import discover

    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(prodready.__path__, "prodready.")
               if not m.name.endswith("__main__")]
    modules += [sys.modules[c.source] for c in discover()]
    found: dict[str, re.Pattern[str]] = {}
    for module in modules:
        for name, value in vars(module).items():
            values = value if isinstance(value, (tuple, list)) else (value.values() if isinstance(value, dict) else [value])
            for index, item in enumerate(values):
                key = f"{module.__name__}.{name}[{index}]"
                if isinstance(item, re.Pattern):
                    found[key] = item
                elif isinstance(item, Usage) and item.code:
                    found[key] = compile_code(item.code)
                elif hasattr(item, "pattern") and isinstance(getattr(item, "pattern"), re.Pattern):
                    found[key] = item.pattern
                elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], re.Pattern):
                    found[key] = item[1]
                elif isinstance(item, list):
                    for j, sub in enumerate(item):
                        if isinstance(sub, tuple) and len(sub) == 2 and isinstance(sub[1], re.Pattern):
                            found[f"{key}.{j}"] = sub[1]
    return found
