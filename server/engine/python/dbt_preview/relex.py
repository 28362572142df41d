"""Lexing a model again after an edit, without lexing it all: most keystrokes change plain SQL between Jinja tags,
and lexing a large model costs more than rendering it in WebAssembly. When the new text is provably the old one with
only data tokens changed (see `relex`), the previous tokens are reused: the changed data tokens take their new text
and the tokens after them move by the lines the edit added. Anything else is lexed in full.

The environments here set no line statements, line comments, lstrip_blocks or trim_blocks (dbt's do not), so inside
data the lexer reacts only to the openers `{{ {% {#` (and `{% endraw` in a raw block) and to the whitespace a `-`
next to a tag strips."""

from jinja2.lexer import Token, TokenStream

class Lexed:
    """A source's tokens and, for each data token, the span of `source` it is (None: the lexer changed its text)."""

    __slots__ = ("source", "tokens", "spans", "gaps")

    def __init__(self, source, tokens, spans):
        self.source = source
        self.tokens = tokens
        # spans: (index into tokens, start, end) of every data token, in source order.
        self.spans = spans
        self.gaps = None


def lex(env, source, filename, limit, too_many):
    """Every token, as env._tokenize makes them, with the data tokens' places in `source` taken from the lexer's own
    position when it yields them. Places that do not hold the token's text are not trusted: no spans, no reuse."""
    raw = env.lexer.tokeniter(source, None, filename)
    places = []

    def watched():
        for item in raw:
            if item[1] == "data":
                places.append(raw.gi_frame.f_locals.get("pos") if raw.gi_frame is not None else None)
            yield item

    stream = TokenStream(env.lexer.wrap(watched(), None, filename), None, filename)
    for extension in env.iter_extensions():
        stream = extension.filter_stream(stream)
        if not isinstance(stream, TokenStream):
            stream = TokenStream(stream, None, filename)
    tokens = []
    for token in stream:
        tokens.append(token)
        if len(tokens) > limit:
            too_many()
    spans = []
    data_indexes = [index for index, token in enumerate(tokens) if token.type == "data"]
    if "\r" in source or len(data_indexes) != len(places):
        return Lexed(source, tokens, None)
    for index, place in zip(data_indexes, places):
        value = tokens[index].value
        if not isinstance(place, int) or source[place:place + len(value)] != value:
            return Lexed(source, tokens, None)
        spans.append((index, place, place + len(value)))
    return Lexed(source, tokens, spans)


def _gaps(lexed):
    """The text around the data tokens: before the first, between each two, after the last (tags, comments and the
    whitespace their `-` strips)."""
    source, spans = lexed.source, lexed.spans
    edges = [0] + [edge for _, start, end in spans for edge in (start, end)] + [len(source)]
    return [source[edges[i]:edges[i + 1]] for i in range(0, len(edges), 2)]


def relex(previous, source):
    """The tokens of `source` from those of `previous` when `source` is the previous text with only plain SQL
    changed inside data tokens (any number of them); else None, and the caller lexes in full.

    Reused when the new text is the old gaps in order with new data between them such that every changed data token
    holds no `{` and keeps its first and last characters: the lexer then ends each data token at the same opener,
    strips the same whitespace around it, and sees the same tags. A gap between two data tokens always holds a tag
    and so a `{`, which is how the new data's ends are found."""
    if previous.spans is None or "\r" in source or not previous.spans:
        return None
    gaps = previous.gaps
    if gaps is None:
        gaps = previous.gaps = _gaps(previous)
    if not source.startswith(gaps[0]):
        return None
    cursor = len(gaps[0])
    tokens = list(previous.tokens)
    spans = []
    lines = 0
    next_token = 0
    last = len(previous.spans) - 1
    for number, (index, _, _) in enumerate(previous.spans):
        gap = gaps[number + 1]
        if lines:
            for between in range(next_token, index):
                token = tokens[between]
                tokens[between] = Token(token.lineno + lines, token.type, token.value)
        if number == last and "{" not in gap:
            data_end = len(source) - len(gap)
            if data_end < cursor or not source.endswith(gap):
                return None
        else:
            brace = gap.find("{")
            if brace < 0:
                return None
            found = source.find("{", cursor)
            data_end = found - brace
            if found < 0 or data_end < cursor or not source.startswith(gap, data_end):
                return None
        old_value = tokens[index].value
        value = source[cursor:data_end]
        if value != old_value:
            if not value or value[0] != old_value[0] or value[-1] != old_value[-1] or "{" in value:
                return None
            token = tokens[index]
            tokens[index] = Token(token.lineno + lines, token.type, value)
            lines += value.count("\n") - old_value.count("\n")
        elif lines:
            token = tokens[index]
            tokens[index] = Token(token.lineno + lines, token.type, value)
        spans.append((index, cursor, data_end))
        cursor = data_end + len(gap)
        next_token = index + 1
    if cursor != len(source):
        return None
    if lines:
        for later in range(next_token, len(tokens)):
            token = tokens[later]
            tokens[later] = Token(token.lineno + lines, token.type, token.value)
    return Lexed(source, tokens, spans)
