"""dbt_preview.relex against Jinja's own lexer: for every .sql file under the given folders, and for made-up templates of
the constructs that bend the lexer (whitespace control, raw blocks, comments, single braces, carriage returns),
a run of edits (typing, deleting, new lines, one to three places at once, sometimes a delimiter character); after
each edit the tokens relex gives when it reuses the previous ones must equal a full lex of the new text, line
numbers included. Prints the figures; exits 1 on the first difference.

usage: relex.py ENGINE_PYTHON_DIR FILE_OR_DIR...
"""
import os
import random
import sys

sys.path.insert(0, sys.argv[1])
from dbt_common.clients import jinja as dbt_jinja  # noqa: E402

from dbt_preview import relex  # noqa: E402

ENV = dbt_jinja.MacroFuzzEnvironment(extensions=[
    "jinja2.ext.do", "jinja2.ext.loopcontrols", dbt_jinja.MaterializationExtension, dbt_jinja.DocumentationExtension,
    dbt_jinja.TestExtension])
PIECES = ["select a, b\nfrom x\n", "{{ ref('m') }}", "{%- if x -%}\n  y  \n{%- endif %}", "{# c {{ }} #}",
          "{% raw %} {{ raw }} {% endraw %}", "  \n\n", "{ single } brace", "a % b # c", "{{- x +}}",
          "{%+ if y %}z{% endif +%}", "-- comment\n", "'str {' ", "{%- set q = 1 -%}", "\t\n", "x\r\ny"]
TYPED = "abcxyz_,. ()'\n\n    "
HOSTILE = "{}%#-+\r"
EDITS = 10


def full(text):
    return [tuple(token) for token in ENV._tokenize(text, None, "f")]


def lex(text):
    return relex.lex(ENV, text, "f", 10 ** 6, lambda: None)


def edit(text, rnd):
    for _ in range(rnd.choice([1, 1, 2, 3])):
        at = rnd.randint(0, len(text))
        end = min(len(text), at + rnd.choice([0, 0, 1, 2, 6]))
        alphabet = HOSTILE if rnd.random() < 0.1 else TYPED
        text = text[:at] + "".join(rnd.choice(alphabet) for _ in range(rnd.choice([0, 1, 1, 2, 5]))) + text[end:]
    return text


def files(paths):
    for root in paths:
        for folder, folders, names in os.walk(root):
            folders.sort()  # the same order on every machine: the edits are seeded
            for name in sorted(names):
                if name.endswith(".sql"):
                    yield os.path.join(folder, name)


def run(text, rnd, counts):
    """EDITS edits of one text, each on the one before; False at the first difference (printed)."""
    try:
        previous = lex(text)
    except Exception:  # a text Jinja cannot lex (a corpus file with a syntax error) has nothing to reuse
        return True
    for _ in range(EDITS):
        new = edit(text, rnd)
        try:
            want = full(new)
        except Exception:  # an edit that breaks the template: the next one starts from the text before it
            continue
        counts["edits"] += 1
        got = relex.relex(previous, new)
        if got is None:
            previous = lex(new)
        else:
            counts["reused"] += 1
            if [tuple(token) for token in got.tokens] != want or got.spans != lex(new).spans:
                print(f"differs after an edit:\n--- before\n{text[:2000]}\n--- after\n{new[:2000]}")
                return False
            previous = got
        text = new
    return True


def main():
    rnd = random.Random(11)
    paths = list(files(sys.argv[2:]))
    made_up = ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 12))) for _ in range(1000)]
    counts = {"edits": 0, "reused": 0}
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            if not run(handle.read().strip(), rnd, counts):
                return 1
    for text in made_up:
        if not run(text, rnd, counts):
            return 1
    print(f"{len(paths)} files and {len(made_up)} made-up templates: {counts['edits']} edits, "
          f"{counts['reused']} lexed by reuse, every one the same tokens as a full lex")
    return 0


if __name__ == "__main__":
    sys.exit(main())
