"""The names dbt gives a node while it parses and compiles it (dbt's ProviderContext and base context): ref,
source, var, config, this, target, adapter, api, exceptions, modules, return, … plus the macro namespace.

Two modes, as in dbt: `parse` (execute is false; ref and source answer the node itself; config() records) and
`runtime` (the compile: relations resolved, config read back). A third, `generate_name`, is the context dbt
calls generate_schema_name & co. in."""

import copy
import datetime
import hashlib
import json
import uuid

from dbt_common.exceptions.macros import MacroReturn

from . import exceptions_ns
from .adapter import DatabaseWrapper
from .environment import render_string
from .errors import CompilationError, NotInPreview
from .modules import context_modules, yaml_dump, yaml_load
from .relation import ColumnApi, RelationApi

SECRET_ENV_PREFIX = "DBT_ENV_SECRET_"
_MISSING = object()


class Var:
    """`var()`: the node's vars (its package's scope over the global ones); Jinja in a string value is rendered in
    the node's context, as dbt does."""

    def __init__(self, merged, context, node_name, require):
        self._merged = merged
        self._context = context
        self._node_name = node_name
        self._require = require

    def has_var(self, name):
        return name in self._merged

    def __call__(self, name, default=_MISSING):
        if name in self._merged:
            raw = self._merged[name]
            return render_string(raw, self._context) if isinstance(raw, str) else raw
        if default is not _MISSING:
            return default
        if not self._require:
            return None
        raise CompilationError(f"Required var '{name}' not found in config:\nVars supplied to {self._node_name} = "
                               + json.dumps(self._merged, sort_keys=True, indent=4, default=str))


class ParseConfig:
    """config() while parsing: records the calls (dbt merges them into the node's config)."""

    def __init__(self, calls):
        self._calls = calls

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs:
            opts = args[0]
        elif not args and kwargs:
            opts = kwargs
        else:
            raise CompilationError("Invalid inline model config: config() takes one mapping or keyword arguments")
        if isinstance(opts, dict):
            opts = {("pre-hook" if k == "pre_hook" else "post-hook" if k == "post_hook" else k): v
                    for k, v in opts.items()}
            self._calls.append(opts)
        return ""

    def set(self, name, value):
        return self({name: value})

    def get(self, name, default=None, validator=None):
        return ""

    def require(self, name, validator=None):
        return ""

    meta_get = get
    meta_require = require

    def persist_relation_docs(self):
        return False

    def persist_column_docs(self):
        return False


class RuntimeConfig:
    """config() while compiling: reads the node's final config."""

    def __init__(self, config):
        self._config = config

    def __call__(self, *args, **kwargs):
        return ""

    def set(self, name, value):
        return ""

    def get(self, name, default=None, validator=None):
        value = self._config.get(name, default)
        if validator is not None and default is not None:
            validator(value)
        return value

    def require(self, name, validator=None):
        if name not in self._config:
            raise CompilationError(f"Required config '{name}' was not set")
        value = self._config[name]
        if validator is not None:
            validator(value)
        return value

    def meta_get(self, name, default=None, validator=None):
        return (self._config.get("meta") or {}).get(name, default)

    def meta_require(self, name, validator=None):
        meta = self._config.get("meta") or {}
        if name not in meta:
            raise CompilationError(f"Required meta config '{name}' was not set")
        return meta[name]

    def persist_relation_docs(self):
        docs = self._config.get("persist_docs") or {}
        return bool(docs.get("relation", False)) if isinstance(docs, dict) else False

    def persist_column_docs(self):
        docs = self._config.get("persist_docs") or {}
        return bool(docs.get("columns", False)) if isinstance(docs, dict) else False


class Flags:
    """`flags`: what a `dbt compile` without options sets."""

    FULL_REFRESH = False
    WHICH = "compile"
    STORE_FAILURES = False
    WARN_ERROR = False
    USE_COLORS = False
    EMPTY = False
    INTROSPECT = True
    MACRO_DEBUGGING = False
    PARTIAL_PARSE = False

    def __getattr__(self, name):
        return None


def base_members(world, target):
    """dbt's BaseContext members (and `target`, except while profiles.yml itself is read)."""
    env = world.env

    def env_var(var, default=None):
        if var.startswith(SECRET_ENV_PREFIX):
            raise CompilationError(f"Secret env vars are allowed only in profiles.yml or packages.yml. Found "
                                   f"'{var}' referenced in this project.")
        if var in env:
            return env[var]
        if default is not None:
            return default
        raise CompilationError(f"Env var required but not provided: '{var}'")

    def return_(data):
        raise MacroReturn(data)

    def fromjson(string, default=None):
        try:
            return json.loads(string)
        except (ValueError, TypeError):
            return default

    def tojson(value, default=None, sort_keys=False):
        try:
            return json.dumps(value, sort_keys=sort_keys)
        except (ValueError, TypeError):
            return default

    def fromyaml(value, default=None):
        try:
            return yaml_load(value)
        except Exception:
            return default

    def toyaml(value, default=None, sort_keys=False):
        try:
            return yaml_dump(value, sort_keys)
        except Exception:
            return default

    def set_(value, default=None):
        try:
            return set(value)
        except TypeError:
            return default

    def set_strict(value):
        try:
            return set(value)
        except TypeError as e:
            raise CompilationError(str(e))

    def zip_(*args, default=None):
        try:
            return zip(*args)
        except TypeError:
            return default

    def zip_strict(*args):
        try:
            return zip(*args)
        except TypeError as e:
            raise CompilationError(str(e))

    def diff_of_two_dicts(dict_a, dict_b):
        dict_diff = {}
        for k in dict_a:
            if k.casefold() in {x.casefold() for x in dict_b}:
                diff = {str(v).casefold() for v in dict_a[k]} - {str(v).casefold() for v in dict_b[k]}
                if diff:
                    dict_diff[k] = [v for v in dict_a[k] if str(v).casefold() in diff]
            else:
                dict_diff[k] = dict_a[k]
        return dict_diff

    members = {
        "dbt_version": world.dbt_version,
        "env_var": env_var,
        "return": return_,
        "fromjson": fromjson,
        "tojson": tojson,
        "fromyaml": fromyaml,
        "toyaml": toyaml,
        "set": set_,
        "set_strict": set_strict,
        "zip": zip_,
        "zip_strict": zip_strict,
        "log": lambda msg, info=False: "",
        "print": lambda msg: "",
        "diff_of_two_dicts": diff_of_two_dicts,
        "local_md5": lambda value: hashlib.md5(str(value).encode("utf-8")).hexdigest(),
        "run_started_at": world.run_started_at,
        "invocation_id": world.invocation_id,
        "thread_id": "Thread-1",
        "modules": context_modules(),
        "flags": Flags(),
        "project_name": world.root_name,
        "exceptions": exceptions_ns.members(),
    }
    if target is not None:
        members["target"] = dict(target.fields)
    return members


def build_context(world, node, mode, calls=None, ephemerals=None):
    """The context a node is parsed (mode "parse"), compiled ("runtime") or named ("generate_name") in.
    `node` is a dict as templates see it (`model`); `calls` collects config() calls while parsing;
    `ephemerals` collects the ephemeral models a compile refers to."""
    context = base_members(world, world.target)
    package = node["package_name"]
    execute = mode == "runtime"
    this = world.relation_of(node) if mode != "generate_name" else None

    def ref(*args, **kwargs):
        if len(args) not in (1, 2):
            raise CompilationError(f"ref() takes at most two arguments ({len(args)} given)")
        name = args[-1]
        target_package = args[0] if len(args) == 2 else None
        if not isinstance(name, str) or (target_package is not None and not isinstance(target_package, str)):
            raise CompilationError("The arguments of ref() must be strings")
        if not execute:
            return this
        version = kwargs.get("version", kwargs.get("v"))
        return world.resolve_ref(node, name, target_package, version, ephemerals)

    def source(*args):
        if len(args) != 2:
            raise CompilationError(f"source() takes exactly two arguments ({len(args)} given)")
        if not all(isinstance(a, str) for a in args):
            raise CompilationError("The arguments of source() must be strings")
        if not execute:
            return this
        return world.resolve_source(node, args[0], args[1])

    def metric(*args):
        raise NotInPreview("metric() is not rendered by the preview")

    def not_in_preview(name):
        def fail(*args, **kwargs):
            raise NotInPreview(f"{name}() is not available in the preview: use \"Compile with dbt\"")
        return fail

    sql_results = {}

    def store_result(name, response, agate_table=None):
        sql_results[name] = {"response": response, "data": [], "table": agate_table}
        return ""

    def load_result(name):
        return sql_results.get(name)

    builtins = {
        "ref": ref,
        "source": source,
        "metric": metric,
        "config": ParseConfig(calls if calls is not None else []) if mode == "parse"
        else RuntimeConfig(node.get("config", {})),
        "execute": execute,
        "database": world.target.database,
        "schema": world.target.schema,
        "var": Var(world.vars_for(package), context, node.get("name", package), require=mode != "parse"),
        "adapter": DatabaseWrapper(world, package, mode, this),
        "api": {"Relation": RelationApi(world.adapter, world.quoting), "Column": ColumnApi(world.adapter)},
        "column": ColumnApi(world.adapter),
        "env": dict(world.target.fields),
        "graph": world.graph(),
        "model": copy.deepcopy(node) if mode == "runtime" else node,
        "pre_hooks": node.get("config", {}).get("pre-hook", []),
        "post_hooks": node.get("config", {}).get("post-hook", []),
        "sql": None,
        "sql_now": world.sql_now,
        "selected_resources": [],
        "store_result": store_result,
        "store_raw_result": lambda name, message=None, code=None, rows_affected=None, agate_table=None:
            store_result(name, {"message": message, "code": code}, agate_table),
        "load_result": load_result,
        "validation": {"any": lambda *types: (lambda value: None)},
        "write": not_in_preview("write"),
        "render": lambda string: render_string(string, context),
        "try_or_compiler_error": lambda message_if_exception, func, *args, **kwargs: func(*args, **kwargs),
        "load_agate_table": not_in_preview("load_agate_table"),
        "submit_python_job": not_in_preview("submit_python_job"),
        "invocation_args_dict": {"which": "compile"},
        "dbt_metadata_envs": {},
        "defer_relation": None,
        "this": this,
    }
    context.update(builtins)
    context["builtins"] = dict(builtins)
    namespace = world.macros.namespace(context, package)
    builtins["adapter"]._namespace = namespace
    context.update(namespace.flat)
    context["context"] = context
    return context


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def new_invocation_id():
    return str(uuid.uuid4())
