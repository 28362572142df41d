"""Parse and compile of one node, as `dbt compile` does it: the parse collects config() calls; the compile renders
with the final config, then ephemeral models it refers to are compiled in turn and injected as CTEs."""

from .context import build_context
from .environment import compile_model
from .inject import inject_ctes

_model_templates = {}
# Lines dropped from the top of each model file by dbt's strip(): errors add them back.
LINE_OFFSETS = {}


def _template(path, text):
    """A model's template as dbt builds it: from the file's text stripped of surrounding whitespace."""
    key = (path, text)
    template = _model_templates.get(key)
    if template is None:
        if len(_model_templates) > 256:
            _model_templates.clear()
        stripped = text.strip()
        LINE_OFFSETS[path] = text[: len(text) - len(text.lstrip())].count("\n")
        template = _model_templates[key] = compile_model(stripped, path)
    else:
        LINE_OFFSETS[path] = text[: len(text) - len(text.lstrip())].count("\n")
    return template


def _source_of(node, text):
    """A snapshot file's SQL is the body of its `{% snapshot %}` block; a model's is the file."""
    if node["resource_type"] != "snapshot":
        return text
    from dbt_common.clients import jinja as dbt_jinja
    for block in dbt_jinja.extract_toplevel_blocks(text, allowed_blocks={"snapshot"}, collect_raw_data=False):
        if getattr(block, "block_name", None) == node["name"]:
            return block.contents
    return ""


def skeleton_key(node, text):
    """What a node's config() calls depend on: its Jinja, not the SQL between the tags."""
    return _template(node["path"], _source_of(node, text)).key


def parse_render(world, node, text):
    """The config() calls a node makes when rendered as dbt's parser renders it (execute is false)."""
    calls = []
    view = {"name": node["name"], "package_name": node["package"], "resource_type": node["resource_type"],
            "unique_id": f"{node['resource_type']}.{node['package']}.{node['name']}", "fqn": list(node["fqn"]),
            "config": {}, "alias": node["name"], "schema": world.target.schema, "database": world.target.database}
    context = build_context(world, view, "parse", calls=calls)
    _template(node["path"], _source_of(node, text)).render(context)
    return calls


def _add_cte(prepended, cte):
    """dbt's _add_prepended_cte: a CTE seen again keeps its place and takes the new SQL."""
    for index, existing in enumerate(prepended):
        if existing[0] == cte[0]:
            prepended[index] = cte
            return
    prepended.append(cte)


def compile_node(world, node, text, view=None):
    """(compiled SQL with ephemeral CTEs injected, the view templates saw, the CTEs, the SQL before injection)."""
    if view is None:
        view = world.node_view(node, text)
    ephemerals = []
    context = build_context(world, view, "runtime", ephemerals=ephemerals)
    sql = _template(node["path"], _source_of(node, text)).render(context)
    prepended = []
    for ephemeral in ephemerals:
        ephemeral_text = world.text_of(ephemeral)
        ephemeral_view = world.node_view(ephemeral, ephemeral_text)
        _, _, inner, pre_injected = compile_node(world, ephemeral, ephemeral_text, ephemeral_view)
        for cte in inner:
            _add_cte(prepended, cte)
        _add_cte(prepended, (ephemeral["path"], f" __dbt__cte__{ephemeral_view['alias']} as (\n{pre_injected}\n)"))
    injected = inject_ctes(sql, [cte[1] for cte in prepended]) if prepended else sql
    return injected, view, prepended, sql
