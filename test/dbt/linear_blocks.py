"""dbt's block reader with and without dbt_preview.blocks: the same blocks (or the same error) for every .sql file
of the corpus and the templates, and for mutations of them that add what makes dbt's reader slow (whitespace runs,
unterminated comments, expressions, tags and raw blocks). Prints the figures; exits 1 on the first difference.

usage: linear_blocks.py ENGINE_PYTHON_DIR FILE_OR_DIR...
"""
import os
import random
import sys
import time

sys.path.insert(0, sys.argv[1])
from dbt_common.clients import jinja  # noqa: E402

from dbt_preview import blocks  # noqa: E402

ALLOWED = {"macro", "materialization", "test", "snapshot", "docs"}
PIECES = ["{#", "#}", "{%", "%}", "{{", "}}", "{% raw %}", "{% endraw %}", "{%- raw -%}", "{%- endraw %}", "'", '"', "-%}", "{%-"]


def read(text):
    try:
        return [(b.block_type_name, getattr(b, "block_name", None), b.full_block, getattr(b, "contents", None))
                for b in jinja.extract_toplevel_blocks(text, allowed_blocks=ALLOWED, collect_raw_data=True)]
    except Exception as e:
        return f"{type(e).__name__}: {e}"


def mutate(text, rnd):
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randint(0, len(text))
        roll = rnd.random()
        piece = " " * rnd.randint(1, 300) if roll < 0.3 else rnd.choice(PIECES) if roll < 0.8 else text[rnd.randint(0, len(text)):][:rnd.randint(0, 200)]
        text = text[:at] + piece + text[at:]
    return text


def files(paths):
    for root in paths:
        if os.path.isfile(root):
            yield root
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".sql"):
                    yield os.path.join(folder, name)


def main():
    rnd = random.Random(7)
    texts = [open(f, encoding="utf-8", errors="replace").read() for f in files(sys.argv[2:])]
    cases = texts + [mutate(t, rnd) for t in texts for _ in range(3)]
    for i, text in enumerate(cases):
        blocks.uninstall()
        want = read(text)
        blocks.install()
        got = read(text)
        if got != want:
            print(f"case {i} differs:\n--- text\n{text[:2000]}\n--- dbt\n{str(want)[:2000]}\n--- linear\n{str(got)[:2000]}")
            return 1
    print(f"{len(texts)} files and {len(cases) - len(texts)} mutations: the same blocks and errors with and without the linear reader")
    hostile = {
        "10,000 spaces after a macro": "{% macro a() %}x{% endmacro %}" + " " * 10000 + "x",
        "an unterminated comment, 10 KB": "{# " + "x" * 10000,
        "a raw block of 10,000 spaces, no endraw": "{% raw %}" + " " * 10000 + "x",
        "an unterminated expression, 10 KB": "{{ a" + " " * 10000 + "x",
    }
    for name, text in hostile.items():
        timings = []
        for install in (False, True):
            (blocks.install if install else blocks.uninstall)()
            started = time.perf_counter()
            read(text)
            timings.append(time.perf_counter() - started)
        print(f"{name}: dbt's reader {timings[0]:.2f} s, linear {timings[1]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
