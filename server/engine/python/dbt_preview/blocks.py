r"""dbt's block reader (dbt_common's _jinja_blocks), made linear on hostile input.

Several of its patterns start with `\s*` or hold `.*?`, and it looks for them with re.search: where the text has no
match, search retries from every position, and each retry runs to the end of a whitespace run (or of the text). A
macro file with 40,000 spaces, or an unterminated `{#`, then takes seconds in dbt itself (and 2x that here); 100 KB
takes minutes. Every match of those patterns holds a fixed piece of text ('{#', '#}', '{%', '}}'), so the wrapper
finds each occurrence with str.find and tries the pattern only where a match could start: at the whitespace run
just before the occurrence, or at the occurrence itself. `{% raw %}...{% endraw %}` is found piece by piece the
same way. The blocks, names and errors are dbt's own; only the time changes (test/dbt/linear_blocks.py holds the
two equal on the corpus and on mutated files).
"""

import re

from dbt_common.clients import _jinja_blocks


class LinearSearch:
    __slots__ = ("pattern", "literal")

    def __init__(self, pattern, literal):
        self.pattern = pattern
        self.literal = literal

    def search(self, text, pos=0):
        occurrence = text.find(self.literal, pos)
        while occurrence >= 0:
            start = occurrence
            while start > pos and text[start - 1].isspace():
                start -= 1
            found = self.pattern.match(text, start)
            if found is None and start != occurrence:
                found = self.pattern.match(text, occurrence)
            if found is not None:
                return found
            occurrence = text.find(self.literal, occurrence + 1)
        return None

    def match(self, text, pos=0):
        return self.pattern.match(text, pos)


class Span:
    """What the reader reads of a raw block's match: where it starts and ends."""

    __slots__ = ("_start", "_end")

    def __init__(self, start, end):
        self._start = start
        self._end = end

    def start(self):
        return self._start

    def end(self):
        return self._end

    def groupdict(self):
        return {}


_FLAGS = re.DOTALL | re.MULTILINE
_RAW_OPEN = LinearSearch(re.compile(r"(?:\s*\{\%\-|\{\%)\s*raw\s*(?:\-\%\}\s*|\%\})", _FLAGS), "{%")
_TAG_END = re.compile(r"\s*(?:\-\%\}\s*|\%\})", _FLAGS)


class RawBlockSearch:
    """RAW_BLOCK_PATTERN (`{% raw %}` then the first `{% endraw %}`), found in linear time."""

    def __init__(self, pattern):
        self.pattern = pattern

    def search(self, text, pos=0):
        opened = _RAW_OPEN.search(text, pos)
        if opened is None:
            return None
        body = opened.end()
        word = text.find("endraw", body)
        while word >= 0:
            before = word
            while before > body and text[before - 1].isspace():
                before -= 1
            if (before - 2 >= body and text.startswith("{%", before - 2)) or (before - 3 >= body and text.startswith("{%-", before - 3)):
                closed = _TAG_END.match(text, word + len("endraw"))
                if closed is not None:
                    return Span(opened.start(), closed.end())
            word = text.find("endraw", word + 1)
        return None

    def match(self, text, pos=0):
        found = self.search(text, pos)
        return found if found is not None and found.start() == pos else None


# (name in _jinja_blocks, the text every match holds). COMMENT_END's `(.*?)` part is never read by dbt (only the
# match's end), so a match that starts at the whitespace before '#}' serves as well as one that starts at pos.
_QUADRATIC = (
    ("COMMENT_START_PATTERN", "{#"),
    ("COMMENT_END_PATTERN", "#}"),
    ("EXPR_END_PATTERN", "}}"),
    ("BLOCK_START_PATTERN", "{%"),
)


def install():
    """Wraps the patterns in place (once): the reader looks them up by module-level name on every call."""
    for name, literal in _QUADRATIC:
        pattern = getattr(_jinja_blocks, name)
        if not isinstance(pattern, LinearSearch):
            setattr(_jinja_blocks, name, LinearSearch(pattern, literal))
    if not isinstance(_jinja_blocks.RAW_BLOCK_PATTERN, RawBlockSearch):
        _jinja_blocks.RAW_BLOCK_PATTERN = RawBlockSearch(_jinja_blocks.RAW_BLOCK_PATTERN)


def uninstall():
    """dbt's own patterns again (the equality check compares the two)."""
    for name, _ in _QUADRATIC:
        pattern = getattr(_jinja_blocks, name)
        if isinstance(pattern, LinearSearch):
            setattr(_jinja_blocks, name, pattern.pattern)
    if isinstance(_jinja_blocks.RAW_BLOCK_PATTERN, RawBlockSearch):
        _jinja_blocks.RAW_BLOCK_PATTERN = _jinja_blocks.RAW_BLOCK_PATTERN.pattern
