"""Prepares the interpreter once the wheels are unpacked: native modules that cannot load in WebAssembly go (their
pure-Python fallbacks serve), dbt_common's heavy imports are replaced by the two names its Jinja client needs, and
the bridge to JavaScript is closed."""

import glob
import os
import sys


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _import_all(package):
    """Every submodule now: after a memory snapshot is restored the wheels' files are gone, so nothing may be
    imported lazily from them later."""
    import importlib
    import pkgutil
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if "test" not in info.name:
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: S112 (optional parts, such as PyYAML's C loader, may not import)
                continue


def prepare(site, recursion_limit, dbt_version):
    for pattern in ("markupsafe/_speedups*", "yaml/_yaml*", "_yaml"):
        for path in glob.glob(os.path.join(site, pattern)):
            if os.path.isfile(path):
                os.remove(path)
    # dbt_common.utils' __init__ pulls in mashumaro, jsonschema and more; the Jinja client needs none of it.
    _write(os.path.join(site, "dbt_common", "utils", "__init__.py"), "")
    _write(os.path.join(site, "dbt_common", "dataclass_schema.py"),
           "class ValidationError(Exception):\n    pass\n")
    if not os.path.exists(os.path.join(site, "typing_extensions.py")):
        _write(os.path.join(site, "typing_extensions.py"), "from typing import Protocol  # noqa: F401\n")
    sys.setrecursionlimit(recursion_limit)
    # Load what the engine uses now (a memory snapshot taken after this holds them): modules, and dbt's macro files.
    import dbt_common.clients.jinja  # noqa: F401
    import dbt_common.exceptions  # noqa: F401
    for package in ("jinja2", "markupsafe", "sqlparse", "yaml"):
        _import_all(package)
    from . import columns, main
    columns.load(site)
    main.boot(os.path.join(site, "dbt", "include"), dbt_version)


def lockdown():
    """Closes the way to JavaScript before any workspace text is seen: nothing later can import it."""
    for name in ("js", "pyodide_js", "pyodide.ffi", "pyodide.http", "pyodide.code", "micropip"):
        sys.modules[name] = None
