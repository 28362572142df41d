"""Relations and columns as each adapter's Python classes print them (modelled on dbt-adapters' BaseRelation and
the adapters' subclasses: quote character, quote and include policies, lower-casing on Databricks)."""

from collections.abc import Mapping

from .errors import CompilationError

PARTS = ("database", "schema", "identifier")


class Policy:
    """Which of database, schema and identifier a relation quotes (or includes)."""

    __slots__ = ("database", "schema", "identifier")

    def __init__(self, database=True, schema=True, identifier=True):
        self.database = database
        self.schema = schema
        self.identifier = identifier

    def get_part(self, part):
        return getattr(self, part)

    def replace(self, **changes):
        values = {p: getattr(self, p) for p in PARTS}
        values.update({k: v for k, v in changes.items() if k in PARTS and v is not None})
        return Policy(**values)

    def to_dict(self):
        return {p: getattr(self, p) for p in PARTS}

    def get(self, key, default=None):
        return getattr(self, key, default) if key in PARTS else default

    def __getitem__(self, key):
        return self.get_part(key)


class AdapterRelationStyle:
    """What differs between adapters' Relation classes."""

    def __init__(self, quote_character='"', quote=(True, True, True), include=(True, True, True), lower=False,
                 require_alias=True):
        self.quote_character = quote_character
        self.quote = Policy(*quote)
        self.include = Policy(*include)
        self.lower = lower
        self.require_alias = require_alias


STYLES = {
    "duckdb": AdapterRelationStyle(require_alias=False),
    "postgres": AdapterRelationStyle(),
    "redshift": AdapterRelationStyle(require_alias=False),
    "snowflake": AdapterRelationStyle(quote=(False, False, False), require_alias=False),
    "bigquery": AdapterRelationStyle(quote_character="`", require_alias=False),
    "databricks": AdapterRelationStyle(quote_character="`", lower=True),
    "spark": AdapterRelationStyle(quote_character="`", quote=(False, False, False), include=(False, True, True),
                                  require_alias=False),
}

RELATION_TYPES = ("table", "view", "cte", "materialized_view", "external", "pointer_table", "function")


def _check_part(name, value):
    if value is not None and not isinstance(value, str):
        raise CompilationError(f"Got an invalid {name}: {value!r} (relation names are strings)")


CLASS_NAMES = {"duckdb": "DuckDBRelation", "postgres": "PostgresRelation", "redshift": "RedshiftRelation",
               "snowflake": "SnowflakeRelation", "bigquery": "BigQueryRelation", "databricks": "DatabricksRelation",
               "spark": "SparkRelation"}
_KEYS = ("path", "type", "quote_character", "include_policy", "quote_policy", "limit")


class Relation(Mapping):
    """A relation as templates see it: prints as its quoted name; `create`, `include`, `quote`, `incorporate`, …
    Like dbt's (a FakeAPIObject), it is also a mapping of its fields: packages test `obj is mapping`."""

    def __init__(self, adapter, database=None, schema=None, identifier=None, type=None, quote_policy=None,
                 include_policy=None, limit=None):
        for name, value in (("database", database), ("schema", schema), ("identifier", identifier)):
            _check_part(name, value)
        style = STYLES[adapter]
        self._adapter = adapter
        self._path = {"database": database, "schema": schema, "identifier": identifier}
        self.type = type
        self.quote_character = style.quote_character
        self.quote_policy = quote_policy or style.quote
        self.include_policy = include_policy or style.include
        self.limit = limit
        self.require_alias = style.require_alias

    def _copy(self, **changes):
        values = dict(self._path, type=self.type, quote_policy=self.quote_policy, include_policy=self.include_policy,
                      limit=self.limit)
        values.update(changes)
        return Relation(self._adapter, **values)

    # -- what templates read
    @property
    def database(self):
        return self._path["database"]

    @property
    def schema(self):
        return self._path["schema"]

    @property
    def identifier(self):
        return self._path["identifier"]

    table = identifier
    name = identifier

    @property
    def path(self):
        return dict(self._path)

    @property
    def project(self):
        return self.database

    @property
    def dataset(self):
        return self.schema

    is_table = property(lambda self: self.type == "table")
    is_view = property(lambda self: self.type == "view")
    is_cte = property(lambda self: self.type == "cte")
    is_materialized_view = property(lambda self: self.type == "materialized_view")
    is_pointer = property(lambda self: self.type == "pointer_table")
    is_function = property(lambda self: self.type == "function")

    Table = "table"
    View = "view"
    CTE = "cte"
    External = "external"
    MaterializedView = "materialized_view"
    PointerTable = "pointer_table"

    def get(self, key, default=None):
        # dbt_utils reads relation.get('metadata') to tell relations from strings.
        if key == "metadata":
            return {"type": CLASS_NAMES[self._adapter]}
        return self[key] if key in _KEYS else default

    def __getitem__(self, key):
        if key == "path":
            return dict(self._path)
        if key in ("include_policy", "quote_policy"):
            return getattr(self, key).to_dict()
        if key in _KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self):
        return iter(_KEYS)

    def __len__(self):
        return len(_KEYS)

    def quoted(self, identifier):
        return f"{self.quote_character}{identifier}{self.quote_character}"

    def render(self):
        parts = []
        for part in PARTS:
            value = self._path[part]
            if self.include_policy.get_part(part) and value is not None:
                # The preview's placeholders ("<target schema>") are quoted even where names are not, so the SQL parses.
                placeholder = value.startswith("<") and value.endswith(">")
                parts.append(self.quoted(value) if self.quote_policy.get_part(part) or placeholder else value)
        rendered = ".".join(parts)
        return rendered.lower() if STYLES[self._adapter].lower else rendered

    def render_limited(self):
        rendered = self.render()
        if self.limit is None:
            return rendered
        alias = f" _dbt_limit_subq_{self.table}" if self.require_alias else ""
        if self.limit == 0:
            return f"(select * from {rendered} where false limit 0){alias}"
        return f"(select * from {rendered} limit {self.limit}){alias}"

    def __str__(self):
        return self.render_limited()

    def __repr__(self):
        return f"<Relation {self.render()}>"

    def __eq__(self, other):
        return isinstance(other, Relation) and str(self) == str(other) and self.type == other.type

    def __hash__(self):
        return hash(self.render())

    def include(self, database=None, schema=None, identifier=None):
        return self._copy(include_policy=self.include_policy.replace(database=database, schema=schema,
                                                                     identifier=identifier))

    def quote(self, database=None, schema=None, identifier=None):
        return self._copy(quote_policy=self.quote_policy.replace(database=database, schema=schema,
                                                                 identifier=identifier))

    def replace_path(self, **kwargs):
        return self._copy(**{k: v for k, v in kwargs.items() if k in PARTS})

    def incorporate(self, path=None, type=None, **_ignored):
        changed = self._copy(**({k: v for k, v in (path or {}).items() if k in PARTS}))
        if type is not None:
            changed.type = type
        return changed

    def without_identifier(self):
        return self.include(identifier=False).replace_path(identifier=None)

    def information_schema(self, view_name=None):
        info = Relation(self._adapter, self.database, None, "INFORMATION_SCHEMA",
                        quote_policy=self.quote_policy.replace(identifier=False),
                        include_policy=self.include_policy.replace(database=self.database is not None, schema=False))
        if isinstance(view_name, str):
            return Relation(self._adapter, self.database, "INFORMATION_SCHEMA", view_name,
                            quote_policy=self.quote_policy.replace(schema=False, identifier=False),
                            include_policy=self.include_policy.replace(database=self.database is not None))
        return info

    def information_schema_only(self):
        return self.information_schema()

    def matches(self, database=None, schema=None, identifier=None):
        search = {k: v for k, v in (("database", database), ("schema", schema), ("identifier", identifier))
                  if v is not None}
        return all(self._path[k] == v for k, v in search.items())


class RelationApi:
    """`api.Relation` / `adapter.Relation`: creates relations with the project's quoting applied."""

    def __init__(self, adapter, quoting):
        self._adapter = adapter
        self._quoting = dict(quoting or {})
        for name in ("Table", "View", "CTE", "External", "MaterializedView", "PointerTable"):
            setattr(self, name, getattr(Relation, name))

    def create(self, database=None, schema=None, identifier=None, type=None, quote_policy=None, include_policy=None,
               **_ignored):
        policy = STYLES[self._adapter].quote.replace(**self._quoting)
        if isinstance(quote_policy, dict):
            policy = policy.replace(**quote_policy)
        include = STYLES[self._adapter].include
        if isinstance(include_policy, dict):
            include = include.replace(**include_policy)
        return Relation(self._adapter, database, schema, identifier, type, policy, include)

    def get_default_quote_policy(self):
        return STYLES[self._adapter].quote

    def get_default_include_policy(self):
        return STYLES[self._adapter].include

    def add_ephemeral_prefix(self, name):
        return f"__dbt__cte__{name}"


def ephemeral_relation(adapter, identifier):
    """What `ref()` of an ephemeral model returns: the CTE's name, unquoted, nothing else included."""
    relation = Relation(adapter, None, None, f"__dbt__cte__{identifier}", "cte")
    return relation.quote(identifier=False)


TYPE_LABELS = {
    "default": {"STRING": "TEXT"},
    "bigquery": {"TEXT": "STRING", "FLOAT": "FLOAT64", "INTEGER": "INT64"},
    "databricks": {"LONG": "BIGINT"},
}


class ColumnApi:
    """`api.Column`: the adapter's type translation (what `dbt.type_string()` and friends print)."""

    def __init__(self, adapter):
        self._adapter = adapter

    def translate_type(self, dtype):
        if self._adapter == "spark":  # SparkColumn translates nothing
            return dtype
        labels = TYPE_LABELS.get(self._adapter, TYPE_LABELS["default"])
        translated = labels.get(str(dtype).upper(), dtype)
        return translated.lower() if self._adapter == "databricks" else translated

    def string_type(self, size):
        if self._adapter == "bigquery":
            return "string"
        return f"character varying({size})"

    def numeric_type(self, dtype, precision, scale):
        if precision is None or scale is None:
            return dtype
        return f"{dtype}({precision},{scale})"

    def create(self, name, label_or_dtype):
        return {"name": name, "column": name, "dtype": self.translate_type(label_or_dtype),
                "data_type": self.translate_type(label_or_dtype)}
