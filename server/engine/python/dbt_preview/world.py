"""One project as the engine knows it (ProjectData: what the language server sent) and, per adapter, what dbt
derives from it (World): the target, dbt_project.yml rendered, macros, vars, and every node's config and relation,
computed as dbt's parser does and kept until the project changes."""

import os

from . import nodeconfig
from .context import base_members, build_context, new_invocation_id, now_utc
from .environment import render_string
from .errors import CompilationError, NeedTexts
from .columns import Catalog
from .macros import MacroSet, read_macro_file
from .relation import Relation, ephemeral_relation
from .target import read_target

# Internal packages of each adapter, plugin first (dbt's get_adapter_package_names).
INTERNAL_PACKAGES = {
    "duckdb": ["dbt_duckdb", "dbt"], "postgres": ["dbt_postgres", "dbt"],
    "redshift": ["dbt_redshift", "dbt_postgres", "dbt"], "snowflake": ["dbt_snowflake", "dbt"],
    "bigquery": ["dbt_bigquery", "dbt"], "databricks": ["dbt_databricks", "dbt_spark", "dbt"],
    "spark": ["dbt_spark", "dbt"],
}


class ProjectData:
    """What the language server sent about one dbt project; independent of the adapter."""

    def __init__(self, payload, internal_macros):
        self.root_name = payload["root"]
        self.projects = payload.get("projects") or {}
        self.nodes = payload.get("nodes") or []
        self.by_path = {n["path"]: n for n in self.nodes}
        self.by_name = {}
        for node in self.nodes:
            self.by_name.setdefault(node["name"], []).append(node)
        self.sources = {}
        for source in payload.get("sources") or []:
            self.sources.setdefault((source["source_name"], source["name"]), []).append(source)
        self.profile = payload.get("profile")
        self.env = payload.get("env") or {}
        self.catalog = Catalog(payload.get("catalog"))
        self.texts = {}
        self.internal_macros = internal_macros
        self.macros = []
        self.broken = []
        for file in payload.get("macros") or []:
            found, broken = read_macro_file(file["text"], file["path"], file["package"], internal=False)
            self.macros.extend(found)
            if broken:
                self.broken.append(broken)
        self.worlds = {}

    def world(self, adapter):
        world = self.worlds.get(adapter)
        if world is None:
            world = self.worlds[adapter] = World(self, adapter)
        return world


class World:
    def __init__(self, data, adapter):
        self.data = data
        self.adapter = adapter
        self.root_name = data.root_name
        self.env = data.env
        self.dbt_version = data.internal_macros.version
        self.run_started_at = now_utc()
        self.invocation_id = new_invocation_id()
        self.incremental = False
        # Relations whose columns a render took from the catalog (reset per render; the panel says so).
        self.catalog_used = []
        self.catalog_missing = []
        order = INTERNAL_PACKAGES[adapter]
        self.macros = MacroSet(data.internal_macros["packages"], order, data.macros, data.root_name)
        self.macros_by_path = self.macros.by_path()
        self.dependencies = set(data.projects) | set(order)
        self._graph = None
        self._generators = {}
        self._configs = {}
        self._views = {}
        # The target first (profiles.yml sees env_var and the cli vars only), then dbt_project.yml rendered with it.
        self.target = read_target(data.profile, adapter, self._bare_context(with_target=False))
        context = self._bare_context()
        self.project_configs = {name: _render_project(p.get("config") or {}, context)
                                for name, p in data.projects.items()}
        root = self.project_configs.get(self.root_name) or {}
        self.quoting = root.get("quoting") if isinstance(root.get("quoting"), dict) else {}
        self.sql_now = {"bigquery": "CURRENT_TIMESTAMP()", "snowflake": "CURRENT_TIMESTAMP()"}.get(adapter, "now()")

    def _bare_context(self, with_target=True):
        """dbt's base context: enough for profiles.yml and dbt_project.yml (env_var, var from the command line)."""
        context = base_members(self, self.target if with_target else None)
        context["var"] = lambda name, default=None: default
        return context

    # -- vars, dispatch
    def vars_for(self, package):
        """dbt's vars for a node of `package`: the package's own dbt_project.yml vars, then the root project's, each
        global then scoped to the package; later wins."""
        merged = {}
        projects = [package, self.root_name] if package != self.root_name else [self.root_name]
        for name in projects:
            config = (self.data.projects.get(name) or {}).get("config") or {}
            raw = config.get("vars") if isinstance(config.get("vars"), dict) else {}
            merged.update(raw)
            scoped = raw.get(package)
            if isinstance(scoped, dict):
                merged.update(scoped)
        return merged

    def dispatch_order(self, namespace):
        root = self.project_configs.get(self.root_name) or {}
        for entry in root.get("dispatch") or []:
            if isinstance(entry, dict) and entry.get("macro_namespace") == namespace:
                order = entry.get("search_order")
                return list(order) if isinstance(order, list) else None
        return None

    # -- nodes
    def text_of(self, node):
        path = node["path"]
        if path not in self.data.texts:
            raise NeedTexts([path])
        return self.data.texts[path]

    def node_view(self, node, text=None):
        """The node as templates see it (`model`, the node argument of generate_*_name), config included; kept per
        file text (a ref()'d model's view is computed once per version of it)."""
        if text is None and node["resource_type"] in ("model", "snapshot"):
            text = self.text_of(node)
        key = (node["path"], text)
        view = self._views.get(key)
        if view is None:
            if len(self._views) > 5000:
                self._views.clear()
            view = self._views[key] = self._compute_view(node, text)
        return view

    def _compute_view(self, node, text):
        calls = self._config_calls(node, text)
        package = node["package"]
        props = node.get("properties") or {}
        props_config = self._render_yaml(props.get("config") or {}, package)
        config = nodeconfig.calculate(node["resource_type"], node["fqn"], package, self.root_name,
                                      self.project_configs, props_config, calls)
        root = (self.data.projects.get(package) or {}).get("root") or ""
        view = {
            "name": node["name"], "resource_type": node["resource_type"], "package_name": package,
            "unique_id": f"{node['resource_type']}.{package}.{node['name']}", "fqn": list(node["fqn"]),
            "original_file_path": os.path.relpath(node["path"], root) if root else node["path"],
            "path": node.get("relative_path") or os.path.basename(node["path"]), "config": config,
            "tags": config.get("tags", []), "meta": config.get("meta", {}), "language": "sql",
            "version": node.get("version"), "latest_version": node.get("latest_version"),
            "description": props.get("description", ""), "columns": props.get("columns") or {},
            "raw_code": text if text is not None else "", "patch_path": None,
        }
        view["raw_sql"] = view["raw_code"]
        view["database"] = self._generate("database", config.get("database"), view)
        view["schema"] = self._generate("schema", config.get("schema"), view)
        view["alias"] = self._generate("alias", config.get("alias"), view)
        if node["resource_type"] == "snapshot":
            view["database"] = config.get("target_database") or view["database"]
            view["schema"] = config.get("target_schema") or view["schema"]
        view["identifier"] = view["alias"]
        view["relation_name"] = str(self.relation_of(view))
        return view

    def _config_calls(self, node, text=None):
        """config() calls of a model or snapshot, from rendering it as dbt's parser does (cached per text)."""
        if node["resource_type"] not in ("model", "snapshot"):
            return []
        from .render import parse_render, skeleton_key
        key = skeleton_key(node, text)
        cached = self._configs.get(key)
        if cached is not None:
            return cached
        calls = parse_render(self, node, text)
        if len(self._configs) > 5000:
            self._configs.clear()
        self._configs[key] = calls
        return calls

    def _generate(self, component, custom, node_view):
        """generate_{database,schema,alias}_name as dbt picks and calls it: the node's package's own, else the root
        project's, else dbt's."""
        name = f"generate_{component}_name"
        package = node_view["package_name"]
        macro = None
        if package != self.root_name:
            macro = self.macros.packages.get(package, {}).get(name)
        if macro is None:
            macro = self.macros.find(None, name)
        if macro is None:
            raise CompilationError(f"No macro with name {name} found")
        key = (macro.unique_id,)
        generator = self._generators.get(key)
        if generator is None:
            macro_node = {"name": macro.name, "package_name": macro.package_name, "resource_type": "macro",
                          "unique_id": macro.unique_id, "config": {}, "fqn": [macro.package_name, macro.name]}
            context = build_context(self, macro_node, "generate_name")
            generator = self._generators[key] = context["adapter"]._namespace.get_from_package(
                "dbt" if macro.internal else macro.package_name, macro.name)
        value = generator(custom, node_view)
        return value.strip() if isinstance(value, str) else value

    def relation_of(self, view):
        config = view.get("config") or {}
        quoting = dict(self.quoting)
        if isinstance(config.get("quoting"), dict):
            quoting.update({k: v for k, v in config["quoting"].items() if k != "column"})
        api_relation = Relation(self.adapter)
        policy = api_relation.quote_policy.replace(**{k: v for k, v in quoting.items() if k in ("database", "schema",
                                                                                              "identifier")})
        return Relation(self.adapter, view.get("database"), view.get("schema"), view.get("alias") or view["name"],
                        quote_policy=policy)

    def resolve_ref(self, from_node, name, package, version, ephemerals):
        node_package = from_node["package_name"]
        if package is not None:
            candidates = [package]
        elif node_package == self.root_name:
            candidates = [self.root_name, None]
        else:
            candidates = [self.root_name, node_package, None]
        disabled = None
        for candidate in candidates:
            for node in self.data.by_name.get(name, []):
                if candidate is not None and node["package"] != candidate:
                    continue
                if version is not None and str(node.get("version")) != str(version):
                    continue
                if version is None and node.get("version") is not None and not node.get("is_latest", True):
                    continue
                view = self.node_view(node)
                if view["config"].get("enabled") is False:
                    disabled = view
                    continue
                if view["config"].get("materialized") == "ephemeral":
                    if ephemerals is not None and node["path"] not in [e["path"] for e in ephemerals]:
                        ephemerals.append(node)
                    return ephemeral_relation(self.adapter, view["alias"])
                return self.relation_of(view)
        target = f"'{package}.{name}'" if package else f"'{name}'"
        state = "disabled" if disabled else "not found"
        raise CompilationError(f"Model '{from_node['unique_id']}' depends on a node named {target} which was "
                               f"{state}")

    def resolve_source(self, from_node, source_name, table):
        candidates = self.data.sources.get((source_name, table), [])
        node_package = from_node["package_name"]
        order = [self.root_name, node_package, None]
        for candidate in order:
            for source in candidates:
                if candidate is not None and source["package"] != candidate:
                    continue
                return self._source_relation(source)
        raise CompilationError(f"Model '{from_node['unique_id']}' depends on a source named "
                               f"'{source_name}.{table}' which was not found")

    def _source_relation(self, source):
        rendered = self._render_yaml({k: source.get(k) for k in ("database", "schema", "identifier")},
                                     source["package"])
        database = rendered.get("database") or self.target.database
        schema = rendered.get("schema") or source["source_name"]
        identifier = rendered.get("identifier") or source["name"]
        policy = Relation(self.adapter).quote_policy
        quoting = source.get("quoting") if isinstance(source.get("quoting"), dict) else {}
        policy = policy.replace(**{k: v for k, v in quoting.items() if k in ("database", "schema", "identifier")})
        return Relation(self.adapter, database, schema, identifier, quote_policy=policy)

    def _render_yaml(self, data, package):
        """Properties YAML is rendered natively in a context with target, env_var and the package's vars."""
        if not data:
            return data
        context = self._bare_context()
        merged = self.vars_for(package)
        context["var"] = lambda name, default=None: render_string(merged[name], context) if name in merged \
            else default
        return _render_data(data, context)

    def graph(self):
        if self._graph is None:
            nodes = {}
            for node in self.data.nodes:
                uid = f"{node['resource_type']}.{node['package']}.{node['name']}"
                nodes[uid] = {"unique_id": uid, "name": node["name"], "resource_type": node["resource_type"],
                              "package_name": node["package"], "fqn": list(node["fqn"]),
                              "original_file_path": node["path"], "config": {}}
            sources = {}
            for (source_name, table), found in self.data.sources.items():
                for source in found:
                    uid = f"source.{source['package']}.{source_name}.{table}"
                    sources[uid] = {"unique_id": uid, "name": table, "source_name": source_name,
                                    "resource_type": "source", "package_name": source["package"]}
            self._graph = {"nodes": nodes, "sources": sources, "macros": {}, "exposures": {}, "metrics": {},
                           "groups": {}, "semantic_models": {}, "saved_queries": {}}
        return self._graph


def _render_data(data, context):
    if isinstance(data, dict):
        return {k: _render_data(v, context) for k, v in data.items()}
    if isinstance(data, list):
        return [_render_data(v, context) for v in data]
    if isinstance(data, str):
        return render_string(data, context, native=True, filename="properties")
    return data


def _render_project(config, context):
    """dbt_project.yml as dbt renders it: everything natively except vars and model hooks (rendered later)."""
    def walk(value, keypath):
        if keypath and keypath[0] in ("vars", "on-run-start", "on-run-end", "query-comment"):
            return value
        if keypath and keypath[0] in ("models", "seeds", "snapshots", "tests", "data_tests") and any(
                str(k).lstrip("+ ") in ("pre-hook", "post-hook", "pre_hook", "post_hook") for k in keypath):
            return value
        if isinstance(value, dict):
            return {k: walk(v, keypath + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, keypath + (i,)) for i, v in enumerate(value)]
        if isinstance(value, str):
            return render_string(value, context, native=True, filename="dbt_project.yml")
        return value
    return walk(config, ())
