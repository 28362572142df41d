"""Turns what stopped a render into one message a user can act on, with the file and line to look at: the innermost
template line of the project's or a package's code (dbt's own macros are named, not pointed at), and for
connection errors the dbt macro the code called (run_query, get_columns_in_relation, …)."""

import jinja2

from .errors import NeedsConnection, OutOfTime


def _template_frames(exc):
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        globals_ = tb.tb_frame.f_globals
        template = globals_.get("__jinja_template__")
        if template is not None and template.filename:
            frames.append((template.filename, template.get_corresponding_lineno(tb.tb_lineno)))
        elif "__jinja_exception__" in globals_:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _chain(exc):
    """The exception and the ones it was raised from, outermost first."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = getattr(exc, "exc", None) if isinstance(getattr(exc, "exc", None), BaseException) else (
            exc.__cause__ or exc.__context__)
    return seen


def _all_frames(exc):
    from .render import LINE_OFFSETS
    frames = []
    for link in _chain(exc):
        for path, line in _template_frames(link):
            frame = (path, line + LINE_OFFSETS.get(path, 0) if line is not None else line)
            if not frames or frames[-1] != frame:
                frames.append(frame)
    return frames


def _message(exc):
    innermost = _chain(exc)[-1]
    if isinstance(innermost, jinja2.TemplateSyntaxError):
        return f"Syntax error: {innermost.message}"
    for link in _chain(exc):
        if isinstance(link, NeedsConnection):
            return str(link.msg)
    text = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError) or isinstance(innermost, jinja2.UndefinedError):
        text = str(innermost)
    return str(text).strip()


def macro_at(macros_by_path, path, line):
    best = None
    for macro in macros_by_path.get(path, []):
        if macro.first_line <= line and (best is None or macro.first_line > best.first_line):
            best = macro
    return best


def _name(macro):
    return f"dbt's {macro.name}" if macro.internal else f"{macro.package_name}.{macro.name}"


def describe(exc, world, internal_root, model_path):
    """{message, kind, file, line} for a failed render."""
    if isinstance(exc, OutOfTime):
        return {"message": "The render took too long and was stopped (a loop that does not end, or far too much "
                           "work for a preview)", "kind": "timeout", "file": model_path}
    if isinstance(exc, RecursionError):
        return {"message": "Nested too deeply to render (macros calling each other without end, or an expression "
                           "thousands of operators long)", "kind": "error", "file": model_path}
    if isinstance(exc, MemoryError):
        return {"message": "The render needed more memory than the preview allows (a huge string or list?)",
                "kind": "error", "file": model_path}
    chain = _chain(exc)
    frames = _all_frames(exc)
    innermost = chain[-1]
    if isinstance(innermost, jinja2.TemplateSyntaxError) and innermost.filename:
        from .render import LINE_OFFSETS
        frames.append((innermost.filename, innermost.lineno + LINE_OFFSETS.get(innermost.filename, 0)))
    by_path = world.macros_by_path if world is not None else {}
    own = [f for f in frames if not f[0].startswith(internal_root)]
    where = own[-1] if own else (frames[-1] if frames else (model_path, None))
    in_macro = macro_at(by_path, where[0], where[1] or 0) if where[0] != model_path else None
    suffix = f" (in macro {_name(in_macro)})" if in_macro is not None else ""
    needs = next((link for link in chain if isinstance(link, NeedsConnection)), None)
    if needs is not None:
        operation = needs.operation
        if own:
            # The dbt macro the project's code called (run_query, get_columns_in_relation, …), if it went through one.
            after = frames[frames.index(own[-1]) + 1:]
            called = next((macro_at(by_path, p, n) for p, n in after if p.startswith(internal_root)), None)
            if called is not None:
                operation = called.name
        message = f"{operation} needs a warehouse connection, which the preview does not have: use \"Compile with dbt\""
        return {"message": message + suffix, "kind": "connection", "file": where[0], "line": where[1]}
    message = _message(exc)
    failing = macro_at(by_path, frames[-1][0], frames[-1][1]) if frames else None
    if failing is not None and failing.internal:
        message = f"in {_name(failing)}: {message}"
    return {"message": message + suffix, "kind": "error", "file": where[0], "line": where[1]}
