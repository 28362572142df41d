"""Macros as dbt finds and calls them: each macro (and `{% test %}`) block of a macro file is its own template
(dbt_common's block extractor splits the file, so text outside the blocks never runs), compiled once and called
with the calling node's context (dbt_common's MacroGenerator: `return()` ends the call). The namespace a node
sees follows dbt's MacroNamespace: its own package, the root project, packages by name, `dbt`, then dbt's and
the adapter's internal macros."""

from dbt_common.clients import jinja as dbt_jinja
from dbt_common.clients._jinja_blocks import BlockTag

from . import blocks as linear_blocks
from .environment import compile_template

# dbt's block reader, in linear time on whitespace runs and unterminated tags (blocks.py); the same blocks. Every
# reading starts after main.py imports this module.
linear_blocks.install()

BLOCK_TYPES = {"macro", "materialization", "test"}
MACRO_PREFIX = "dbt_macro__"


class MacroDef:
    """One macro: dbt's Macro node, with where its block starts so errors give the file's own line."""

    __slots__ = ("name", "package_name", "path", "macro_sql", "first_line", "internal", "unique_id")

    def __init__(self, name, package_name, path, macro_sql, first_line, internal):
        self.name = name
        self.package_name = package_name
        self.path = path
        self.macro_sql = macro_sql
        self.first_line = first_line
        self.internal = internal
        self.unique_id = f"macro.{package_name}.{name}"


class BrokenFile:
    def __init__(self, path, message):
        self.path = path
        self.message = message


class Namespace:
    """One context's macros: `flat` goes into the context (own package over the root project over packages by name
    over `dbt` over the internal macros); `get_from_package` is what adapter.dispatch searches."""

    def __init__(self, macro_set, context, search_package):
        self.internal = {name: Macro(m, context) for name, m in macro_set.internal_flat.items()}
        self.packages = {package: {name: Macro(m, context) for name, m in table.items()}
                         for package, table in macro_set.packages.items()}
        flat = dict(self.internal)
        flat["dbt"] = self.internal
        flat.update(self.packages)
        flat.update(self.packages.get(macro_set.root_name, {}))
        flat.update(self.packages.get(search_package, {}))
        self.flat = flat

    def get_from_package(self, package, name):
        if package is None:
            found = self.flat.get(name)
            return found if isinstance(found, Macro) else None
        if package == "dbt":
            return self.internal.get(name)
        return self.packages.get(package, {}).get(name)


def read_macro_file(text, path, package_name, internal):
    """The macros of one file, or why the file cannot be split into blocks."""
    try:
        blocks = dbt_jinja.extract_toplevel_blocks(text, allowed_blocks=BLOCK_TYPES, collect_raw_data=False)
    except Exception as e:  # dbt's own parse errors: the file's blocks are unbalanced
        return [], BrokenFile(path, getattr(e, "msg", str(e)))
    found = []
    cursor = 0
    for block in blocks:
        if not isinstance(block, BlockTag) or block.block_type_name == "materialization":
            continue  # materializations only run in `dbt run`
        start = text.find(block.full_block, cursor)
        if start >= 0:
            cursor = start + len(block.full_block)
        first_line = text.count("\n", 0, max(start, 0)) + 1
        name = block.block_name if block.block_type_name == "macro" else f"test_{block.block_name}"
        if name:
            found.append(MacroDef(name, package_name, path, block.full_block, first_line, internal))
    return found, None


_templates = {}


def template_of(macro):
    """The compiled block; compiled once per text and place, across renders and projects."""
    key = (macro.path, macro.first_line, macro.macro_sql)
    template = _templates.get(key)
    if template is None:
        if len(_templates) > 20000:
            _templates.clear()
        template = _templates[key] = compile_template(macro.macro_sql, macro.path, first_line=macro.first_line)
    return template


class MacroGenerator(dbt_jinja.CallableMacroGenerator):
    """dbt_common's macro caller, with templates compiled under their file name (errors give file and line)."""

    def get_template(self):
        return template_of(self.macro)


class Macro:
    """What templates hold of a macro: something to call, and its name. The generator, its context and its
    compiled template stay out of reach. The generator is made on the first call: a namespace holds every macro of
    dbt, the adapter and the project (about 500), and a render calls a few dozen."""

    __slots__ = ("_macro", "_context", "_generator")

    def __init__(self, macro, context):
        self._macro = macro
        self._context = context
        self._generator = None

    def __call__(self, *args, **kwargs):
        if self._generator is None:
            self._generator = MacroGenerator(self._macro, self._context)
        return self._generator(*args, **kwargs)

    @property
    def name(self):
        return self._macro.name

    @property
    def package_name(self):
        return self._macro.package_name

    def __repr__(self):
        return f"<Macro {self._macro.unique_id}>"


class MacroSet:
    """Every macro of one render's world: the adapter's internal packages and the project's own and packages'."""

    def __init__(self, internal_by_package, internal_order, project_macros, root_name):
        self.root_name = root_name
        self.internal_names = list(internal_order)
        # dbt flattens the internal packages with the adapter's plugins winning over dbt's global project.
        self.internal_flat = {}
        for package in reversed(internal_order):
            for macro in internal_by_package.get(package, []):
                self.internal_flat[macro.name] = macro
        self.packages = {}
        for macro in project_macros:
            self.packages.setdefault(macro.package_name, {})[macro.name] = macro

    def find(self, package_name, name):
        if package_name is None:
            for table in (self.packages.get(self.root_name, {}), self.internal_flat):
                if name in table:
                    return table[name]
            return None
        if package_name == "dbt":
            return self.internal_flat.get(name)
        return self.packages.get(package_name, {}).get(name)

    def namespace(self, context, search_package):
        """The names a node in `search_package` sees, as dbt's MacroNamespace resolves them."""
        return Namespace(self, context, search_package)

    def by_path(self):
        """Macros per file, for naming the macro an error's line falls in."""
        found = {}
        for table in [self.internal_flat] + list(self.packages.values()):
            for macro in table.values():
                found.setdefault(macro.path, []).append(macro)
        return found

