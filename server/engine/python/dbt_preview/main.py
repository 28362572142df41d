"""The engine's entry point: one JSON request in, one JSON answer out (the host is the language server's worker).

Requests: `project` (what the language server knows of a dbt project),
`render` (one model), `forget` (drop a project)."""

import json
import os

from . import nodeconfig
from .describe import describe
from .environment import set_deadline
from .errors import NeedTexts
from .macros import read_macro_file
from .render import compile_node
from .world import ProjectData

STATE = {"internal": None, "projects": {}}
# dbt's internal packages and their folders under dbt/include in the wheels.
FOLDERS = {"dbt": "global_project", "dbt_duckdb": "duckdb", "dbt_postgres": "postgres", "dbt_redshift": "redshift",
           "dbt_snowflake": "snowflake", "dbt_bigquery": "bigquery", "dbt_databricks": "databricks",
           "dbt_spark": "spark"}


class InternalMacros:
    """dbt's own macros and each adapter's (the `dbt/include/<package>/macros` folders of the pinned wheels)."""

    def __init__(self, include_root, folders, version):
        self.root = include_root
        self.folders = folders
        self.loaded = {}
        self.packages = self
        self.version = version

    def get(self, package, default=None):
        if package not in self.loaded:
            folder = self.folders.get(package)
            macros = []
            if folder:
                base = os.path.join(self.root, folder, "macros")
                for directory, _, files in sorted(os.walk(base)):
                    for name in sorted(files):
                        if name.endswith(".sql"):
                            path = os.path.join(directory, name)
                            with open(path, encoding="utf-8") as handle:
                                found, _ = read_macro_file(handle.read(), path, package, internal=True)
                            macros.extend(found)
            self.loaded[package] = macros
        return self.loaded[package] or default

    def __getitem__(self, key):
        return {"packages": self, "version": self.version}[key]


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _set_config(view):
    """The config the project set (dbt_project.yml, properties, config()): what differs from dbt's defaults."""
    defaults = nodeconfig.defaults(view["resource_type"])
    config = view["config"]
    shown = {"materialized": config.get("materialized")}
    shown.update({k: v for k, v in config.items() if k not in defaults or defaults[k] != v})
    return shown


def _render(request):
    internal = STATE["internal"]
    data = STATE["projects"].get(request["project"])
    if data is None:
        return {"ok": False, "unknown_project": True}
    data.texts.update(request.get("texts") or {})
    world = None
    try:
        world = data.world(request["adapter"])
        world.incremental = bool(request.get("incremental"))
        world.catalog_used = []
        world.catalog_missing = []
        path = request["path"]
        node = dict(request["node"])
        known = data.by_path.get(path)
        if known is not None:
            node["properties"] = known.get("properties")
        set_deadline(request.get("seconds"))
        text = request["text"]
        data.texts[path] = text
        sql, view, _, _ = compile_node(world, node, text)
        answer = {"ok": True, "sql": sql, "config": _jsonable(_set_config(view)), "relation": view["relation_name"],
                  "target": world.target.name, "placeholders": world.target.placeholders}
        if world.catalog_used or world.catalog_missing:
            answer["catalog"] = {"generated_at": data.catalog.generated_at,
                                 "relations": sorted(set(world.catalog_used)),
                                 "missing": sorted(set(world.catalog_missing))}
        return answer
    except NeedTexts as need:
        return {"ok": False, "need": need.paths}
    except BaseException as exc:  # every failure is an answer; the host decides what to show
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        failure = describe(exc, world, internal.root, request["path"])
        failure["ok"] = False
        return failure
    finally:
        set_deadline(None)


def boot(include_root, dbt_version, folders=None):
    """Reads every internal package's macros now (the engine's memory snapshot keeps them)."""
    STATE["internal"] = InternalMacros(include_root, folders or FOLDERS, dbt_version)
    for package in STATE["internal"].folders:
        STATE["internal"].get(package)


def handle(request_json):
    request = json.loads(request_json)
    kind = request.get("kind")
    if kind == "project":
        STATE["projects"][request["id"]] = ProjectData(request["payload"], STATE["internal"])
        return json.dumps({"ok": True})
    if kind == "forget":
        STATE["projects"].pop(request["id"], None)
        return json.dumps({"ok": True})
    if kind == "render":
        return json.dumps(_render(request), default=str)
    return json.dumps({"ok": False, "message": f"unknown request {kind!r}"})
