"""What can stop a render, beside the Jinja and dbt errors the templates raise themselves."""

from dbt_common.exceptions import CompilationError  # noqa: F401  (re-exported: dbt's own error class)


class NeedsConnection(CompilationError):
    """A macro asked the warehouse something (run_query, statement, introspection): the preview has no connection."""

    def __init__(self, operation):
        self.operation = operation
        super().__init__(f"{operation} needs a warehouse connection, which the preview does not have: "
                         "use \"Compile with dbt\"")


class NotInPreview(CompilationError):
    """Something dbt offers that the preview does not (writing files, Python models' jobs, …)."""


class NeedTexts(BaseException):
    """The render needs the text of these files (models it refers to); the caller reads them and asks again.
    A BaseException so that no template-level handler can swallow it."""

    def __init__(self, paths):
        super().__init__(", ".join(paths))
        self.paths = list(paths)


class OutOfTime(BaseException):
    """The render's time budget ran out (checked at every call a template makes)."""
