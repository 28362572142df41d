"""`adapter` as templates see it: dbt's dispatch (search order from the project's `dispatch:` config, adapter
prefixes with their parents, then `default__`), quoting, relations and columns. Everything that asks the warehouse
fails with NeedsConnection naming it — except whether the model's own table exists, which is the preview's
"incremental run" switch, and the columns of relations when the project has a target/catalog.json (dbt docs
generate's answers).
While parsing, introspection answers empty, as dbt's parse replacements do."""

from .errors import CompilationError, NeedsConnection, NotInPreview
from .relation import STYLES, ColumnApi, RelationApi

TYPE_NAMES = {"redshift": ["redshift", "postgres"], "databricks": ["databricks", "spark"]}

DATE_FUNCTIONS = {"postgres": "now()", "redshift": "getdate()", "duckdb": "now()", "snowflake": "CURRENT_TIMESTAMP()",
                  "bigquery": "CURRENT_TIMESTAMP()", "databricks": "current_timestamp()", "spark": "current_timestamp()"}

# Adapter methods that query the warehouse (dbt's `available` methods that need a connection).
NEEDS_CONNECTION = {
    "execute", "get_columns_in_relation", "list_relations", "list_relations_without_caching", "list_schemas",
    "check_schema_exists", "get_missing_columns", "expand_target_column_types", "drop_relation", "truncate_relation",
    "rename_relation", "create_schema", "drop_schema", "already_exists", "get_partitions_metadata",
    "get_column_schema_from_query", "get_columns_in_select_sql", "get_relations_by_pattern", "cache_added",
    "cache_dropped", "cache_renamed", "get_table_columns_and_constraints", "describe_relation", "get_dataset_location",
    "grant_access_to", "get_relation_last_modified", "calculate_freshness", "submit_python_job", "verify_database",
    "get_persist_doc_columns", "get_table_options", "parse_columns_and_constraints",
    "load_dataframe", "table_exists", "get_catalog", "get_rows_different_sql", "commit_if_has_connection",
}

_PARSE_ANSWERS = {"get_columns_in_relation": [], "list_relations": [], "list_relations_without_caching": [],
                  "list_schemas": [], "execute": ("", None)}


class DatabaseWrapper:
    def __init__(self, world, package, mode, this):
        self._world = world
        self._package = package
        self._mode = mode
        self._this = this
        self._namespace = None  # set once the context's macros exist
        self.Relation = RelationApi(world.adapter, world.quoting)
        self.Column = ColumnApi(world.adapter)
        self.config = {"quoting": dict(world.quoting), "project_name": world.root_name}

    def type(self):
        return "spark" if self._world.adapter == "spark" else self._world.adapter

    def date_function(self):
        return DATE_FUNCTIONS[self._world.adapter]

    def _search_packages(self, namespace):
        if namespace is None:
            return [None]
        if not isinstance(namespace, str):
            raise CompilationError(f"In adapter.dispatch, got a {type(namespace).__name__} macro_namespace argument "
                                   f"(\"{namespace}\"), but macro_namespace should be None or a string.")
        order = self._world.dispatch_order(namespace)
        if order:
            return order
        if namespace in self._world.dependencies:
            return [self._world.root_name, namespace]
        return [None]

    def dispatch(self, macro_name, macro_namespace=None, packages=None):
        if "." in macro_name:
            ns, name = macro_name.split(".", 1)
            raise CompilationError(f"In adapter.dispatch, got a macro name of \"{macro_name}\", but \".\" is not a "
                                   f"valid macro name component. Did you mean `adapter.dispatch(\"{name}\", "
                                   f"macro_namespace=\"{ns}\")`?")
        if packages is not None:
            raise CompilationError("The \"packages\" argument of adapter.dispatch() has been removed: "
                                   "use macro_namespace")
        prefixes = TYPE_NAMES.get(self._world.adapter, [self.type()]) + ["default"]
        attempts = []
        for package in self._search_packages(macro_namespace):
            for prefix in prefixes:
                search = f"{prefix}__{macro_name}"
                macro = self._namespace.get_from_package(package, search)
                attempts.append(search if package is None else f"{package}.{search}")
                if macro is not None:
                    return macro
        searched = ", ".join(repr(a) for a in attempts)
        raise CompilationError(f"In dispatch: No macro named '{macro_name}' found within namespace: "
                               f"'{macro_namespace}'\n    Searched for: {searched}")

    def quote(self, identifier):
        char = STYLES[self._world.adapter].quote_character
        return f"{char}{identifier}{char}"

    def quote_as_configured(self, identifier, quote_key):
        default = STYLES[self._world.adapter].quote.get_part(quote_key)
        return self.quote(identifier) if self._world.quoting.get(quote_key, default) else identifier

    def quote_seed_column(self, column, quote_config):
        quote = quote_config if quote_config is not None else self._world.adapter not in ("snowflake", "bigquery")
        return self.quote(column) if quote else column

    def get_relation(self, database, schema, identifier):
        if self._mode != "runtime":
            return None
        this = self._this
        same = this is not None and [str(p or "").lower() for p in (database, schema, identifier)] == \
            [str(p or "").lower() for p in (this.database, this.schema, this.identifier)]
        if same:
            # The preview's switch: does the model's table exist (an incremental run) or not (a first run)?
            return this.incorporate(type="table") if self._world.incremental else None
        raise NeedsConnection("adapter.get_relation")

    def compare_dbr_version(self, major, minor):
        """Databricks asks the cluster for its runtime version. The preview assumes a SQL warehouse (dbt-databricks
        answers "newer" for those); while parsing, dbt's own stand-in answers 0."""
        return 1 if self._mode == "runtime" else 0

    def get_columns_in_relation(self, relation):
        if self._mode != "runtime":
            return []
        parts = [getattr(relation, name, None) for name in ("database", "schema", "identifier")]
        columns = None if parts[2] is None else self._world.data.catalog.columns(self._world.adapter, relation)
        if columns is None:
            raise NeedsConnection("adapter.get_columns_in_relation")
        (self._world.catalog_used if columns else self._world.catalog_missing).append(str(relation))
        return columns

    def load_relation(self, relation):
        return self.get_relation(relation.database, relation.schema, relation.identifier)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in NEEDS_CONNECTION:
            if self._mode != "runtime":
                return lambda *args, **kwargs: _PARSE_ANSWERS.get(name)

            def needs(*args, **kwargs):
                raise NeedsConnection(f"adapter.{name}")
            return needs

        def unavailable(*args, **kwargs):
            raise NotInPreview(f"adapter.{name}() is not available in the preview")
        return unavailable

