"""Column introspection answered from the project's target/catalog.json (what `dbt docs generate` wrote), with
dbt's own Column classes: `dbt.adapters.base.column.Column` and the adapters' subclasses from the pinned wheels, so
`data_type`, `is_string()`, `quoted` and the rest behave as in `dbt compile`. With a catalog, a relation it does not
list has no columns — dbt's answer for a relation that does not exist (the panel names it, since a catalog older than
the warehouse would be wrong here); without one, column introspection still needs a connection."""

import importlib.util
import os
import sys
import types

# Adapter -> (module name, file under dbt/adapters, class) of its Column class, where it loads without the
# adapter's drivers. Others use dbt's base Column.
_SUBCLASSES = {
    "duckdb": ("dbt.adapters.duckdb.column", "duckdb/column.py", "DuckDBColumn"),
    "postgres": ("dbt.adapters.postgres.column", "postgres/column.py", "PostgresColumn"),
}

CLASSES = {}


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load(site):
    """Loads the Column classes now (the memory snapshot keeps them). dbt.adapters' package __init__ files import
    the whole adapter machinery (agate, drivers): the column modules are loaded by path instead, with
    `dbt.adapters.base` standing for the one name they import from it."""
    root = os.path.join(site, "dbt", "adapters")
    base = _load("dbt.adapters.base.column", os.path.join(root, "base", "column.py"))
    CLASSES["default"] = base.Column
    if "dbt.adapters.base" not in sys.modules:
        package = types.ModuleType("dbt.adapters.base")
        package.Column = base.Column
        sys.modules["dbt.adapters.base"] = package
    for adapter, (name, path, cls) in _SUBCLASSES.items():
        CLASSES[adapter] = getattr(_load(name, os.path.join(root, path)), cls)


def _key(database, schema, identifier):
    return ".".join(str(part or "").lower() for part in (database, schema, identifier))


class Catalog:
    """The column lists the language server read from catalog.json: {"db.schema.name": [[name, type], ...]}."""

    def __init__(self, payload):
        self.present = isinstance(payload, dict)
        payload = payload if self.present else {}
        self.relations = payload.get("relations") if isinstance(payload.get("relations"), dict) else {}
        self.generated_at = payload.get("generated_at")

    def columns(self, adapter, relation):
        """The relation's columns; [] when the catalog does not list it; None without a catalog."""
        if not self.present:
            return None
        found = self.relations.get(_key(relation.database, relation.schema, relation.identifier))
        if found is None:
            return []
        column = CLASSES.get(adapter) or CLASSES["default"]
        return [column(name, dtype) for name, dtype in found]
