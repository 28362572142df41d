"""A node's config as dbt calculates it (ContextConfig.calculate_node_config): its own project's dbt_project.yml
levels down its fqn, then the `config:` of its properties YAML, then its config() calls, then — for a package's
node — the root project's levels, which win over everything."""

import copy

TREE_KEYS = {"model": "models", "seed": "seeds", "snapshot": "snapshots"}

APPEND = {"tags", "pre-hook", "post-hook", "packages"}
UPDATE = {"meta", "grants", "docs", "persist_docs", "column_types", "quoting", "contract", "labels"}


def defaults(resource_type):
    base = {
        "enabled": True, "alias": None, "schema": None, "database": None, "tags": [], "meta": {},
        "materialized": {"seed": "seed", "snapshot": "snapshot"}.get(resource_type, "view"),
        "incremental_strategy": None, "persist_docs": {}, "post-hook": [], "pre-hook": [], "quoting": {},
        "column_types": {}, "full_refresh": None, "unique_key": None, "on_schema_change": "ignore",
        "on_configuration_change": "apply", "grants": {}, "packages": [], "docs": {"show": True, "node_color": None},
        "contract": {"enforced": False, "alias_types": True}, "event_time": None, "lookback": 1,
        "batch_size": None, "begin": None, "concurrent_batches": None,
    }
    if resource_type == "model":
        base["access"] = "protected"
    return base


def fqn_search(tree, fqn):
    """The levels of a `models:`-style tree along an fqn: the root, then each matching sub-tree."""
    if not isinstance(tree, dict):
        return
    yield tree
    for part in fqn:
        tree = tree.get(part)
        if not isinstance(tree, dict):
            return
        yield tree


def level_config(level):
    """The settings of one level: `+key` always; a bare key only when its value is not a mapping (a folder)."""
    found = {}
    for key, value in level.items():
        if not isinstance(key, str):
            continue
        if key.startswith("+"):
            found[key[1:].strip()] = copy.deepcopy(value)
        elif not isinstance(value, dict):
            found[key] = copy.deepcopy(value)
    return found


def _listify(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def merge(result, partial):
    for key, value in (partial or {}).items():
        if not isinstance(key, str):
            continue
        key = {"pre_hook": "pre-hook", "post_hook": "post-hook"}.get(key.strip(), key.strip())
        if key in APPEND:
            result[key] = _listify(result.get(key)) + _listify(value)
        elif key in UPDATE and isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


def calculate(resource_type, fqn, package, root_name, project_configs, properties_config, config_calls):
    tree_key = TREE_KEYS.get(resource_type, "models")
    result = defaults(resource_type)
    own = project_configs.get(package) or {}
    for level in fqn_search(own.get(tree_key), fqn):
        merge(result, level_config(level))
    merge(result, properties_config)
    for call in config_calls:
        merge(result, call)
    if package != root_name:
        root = project_configs.get(root_name) or {}
        for level in fqn_search(root.get(tree_key), fqn):
            merge(result, level_config(level))
    return result
