"""The Jinja environments templates run in: dbt's own (dbt_common's MacroFuzzEnvironment, a Jinja2
SandboxedEnvironment, with dbt's tags and filters), narrowed further for workspaces that may be hostile:

- no attribute may lead to a module, a code object, a Jinja environment, template or context (the ways out of a
  sandbox that Python objects offer once one is reached);
- every call a template makes checks the render's deadline, so a runaway template ends with an error.

The render loop itself (a loop with no calls in it) is stopped from outside: the host ends the worker."""

import re
import time
import types

import jinja2
import jinja2.ext
import jinja2.runtime
from dbt_common.clients import jinja as dbt_jinja
from jinja2.lexer import Token, TokenStream

from . import relex
from .errors import CompilationError, OutOfTime

_deadline = [float("inf")]
_UNREACHABLE = (types.ModuleType, types.CodeType, types.FrameType, types.TracebackType, jinja2.Environment,
                jinja2.Template, jinja2.environment.TemplateModule, jinja2.runtime.Context)


def set_deadline(seconds):
    """From now, calls made by templates fail after `seconds` (None: no limit)."""
    _deadline[0] = float("inf") if seconds is None else time.monotonic() + seconds


class _Narrowed:
    """Mixed into dbt's sandboxed environments."""

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(value, _UNREACHABLE) or isinstance(obj, _UNREACHABLE):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj):
        if isinstance(obj, _UNREACHABLE):
            return False
        return super().is_safe_callable(obj)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        if time.monotonic() > _deadline[0]:
            raise OutOfTime()
        return super().call(__context, __obj, *args, **kwargs)


class PreviewEnvironment(_Narrowed, dbt_jinja.MacroFuzzEnvironment):
    pass


class NativePreviewEnvironment(_Narrowed, dbt_jinja.NativeSandboxEnvironment):
    pass


PreviewEnvironment.template_class = dbt_jinja.MacroFuzzTemplate
NativePreviewEnvironment.template_class = dbt_jinja.NativeSandboxTemplate


def _make(native):
    # The arguments of dbt_common.clients.jinja.get_environment, with the narrowed classes.
    extensions = ["jinja2.ext.do", "jinja2.ext.loopcontrols", dbt_jinja.MaterializationExtension,
                  dbt_jinja.DocumentationExtension, dbt_jinja.TestExtension]
    env_class = NativePreviewEnvironment if native else PreviewEnvironment
    # No constant folding: its cost is quadratic in a long operator chain (a hostile `a*a*a…` took seconds), and
    # folding never changes what a template prints.
    env = env_class(extensions=extensions, optimized=False)
    env.filters.update(dbt_jinja.NATIVE_FILTERS if native else dbt_jinja.TEXT_FILTERS)
    return env


TEXT_ENV = _make(native=False)
NATIVE_ENV = _make(native=True)


# Compiling Jinja costs about 25 µs a token in WebAssembly: a template beyond this is refused, so no render of one
# file spends more than about a quarter of a second compiling (real models and macros hold a few hundred tokens).
MAX_TOKENS = 10000


def _too_many_tokens():
    raise CompilationError(f"More than {MAX_TOKENS} Jinja tokens in one template: the preview does not compile it (a "
                           "generated or runaway file?)")


def _tokens(env, source, filename):
    tokens = []
    for token in env._tokenize(source, None, filename):
        tokens.append(token)
        if len(tokens) > MAX_TOKENS:
            _too_many_tokens()
    return tokens


def _compile_tokens(env, tokens, filename):
    parser = dbt_jinja.MacroFuzzParser(env, "", None, filename)
    parser.stream = TokenStream(iter(tokens), None, filename)
    code = env.compile(parser.parse(), filename=filename)
    return env.template_class.from_code(env, code, env.make_globals(None))


def compile_template(source, filename, native=False, first_line=1):
    """A template whose error lines are the file's: `first_line` is where `source` starts in `filename`."""
    env = NATIVE_ENV if native else TEXT_ENV
    padded = "\n" * (first_line - 1) + source
    return _compile_tokens(env, _tokens(env, padded, filename), filename)


class ModelTemplate:
    """A model's template, compiled from its Jinja skeleton: every run of plain SQL between Jinja tags is replaced
    by a lookup into `data`, so an edit that only changes SQL (most keystrokes) reuses the compiled code. The output is
    the same: Jinja prints template data verbatim, after the lexer applied whitespace control."""

    __slots__ = ("template", "data", "key")

    def __init__(self, template, data, key):
        self.template = template
        self.data = data
        self.key = key

    def render(self, context):
        context["__pw_data"] = self.data
        return self.template.render(context)


_skeletons = {}
DATA_NAME = "__pw_data"


# The last lexing of each model file: the next edit of it is usually inside one run of SQL (relex.py). Only the
# files edited lately profit, and each entry holds its whole source (up to 2 MB): a few are kept.
_lexed = {}
MAX_LEXED = 16


def _model_tokens(source, filename):
    previous = _lexed.get(filename)
    lexed = relex.relex(previous, source) if previous is not None else None
    if lexed is None:
        lexed = relex.lex(TEXT_ENV, source, filename, MAX_TOKENS, _too_many_tokens)
    if len(_lexed) >= MAX_LEXED and filename not in _lexed:
        _lexed.clear()
    _lexed[filename] = lexed
    return lexed.tokens


def compile_model(source, filename):
    data = []
    skeleton = []
    for token in _model_tokens(source, filename):
        if token.type == "data":
            line = token.lineno
            skeleton += [Token(line, "variable_begin", "{{"), Token(line, "name", DATA_NAME),
                         Token(line, "lbracket", "["), Token(line, "integer", len(data)),
                         Token(line, "rbracket", "]"), Token(line, "variable_end", "}}")]
            data.append(token.value)
        else:
            skeleton.append(token)
    key = (filename, tuple((t.lineno, t.type, t.value) for t in skeleton))
    template = _skeletons.get(key)
    if template is None:
        if len(_skeletons) > 512:
            _skeletons.clear()
        template = _skeletons[key] = _compile_tokens(TEXT_ENV, skeleton, filename)
    return ModelTemplate(template, data, key)


_string_cache = {}
_RENDER_CHARS = re.compile(r"({[{%#]|[#}%]})")  # dbt's test for "this string holds Jinja"


def render_string(source, context, native=False, filename="<string>"):
    """dbt's get_rendered: a string without Jinja comes back as it is, except that the native renderer still reads
    it as a Python literal ("5" becomes 5), as dbt's does."""
    if not isinstance(source, str):
        return source
    if not native and not _RENDER_CHARS.search(source):
        return source
    key = (source, native, filename)
    template = _string_cache.get(key)
    if template is None:
        if len(_string_cache) > 2000:
            _string_cache.clear()
        template = _string_cache[key] = compile_template(source, filename, native)
    return template.render(context)
