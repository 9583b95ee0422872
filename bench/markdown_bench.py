"""Worst-case time to render one user text of the largest size a form takes (10,000 characters).

Run: .venv/bin/python bench/markdown_bench.py [--size 10000]
Each text is rendered once with a cold cache (core.text keeps recent results): hostile shapes
(thousands of brackets, lists nested hundreds deep) beside ordinary prose of the same size.
"""

from __future__ import annotations

import argparse
import time

from participa.core import text

SHAPES = {
    "prose": "La plaza necesita sombra y bancos. " * 300,
    "links": "[acta](https://example.org/acta) " * 300,
    "open brackets": "![" * 5000,
    "nested brackets": "[" * 5000 + "x" + "]" * 5000,
    "unclosed links": "[a](" * 2500,
    "footnote marks": "[^" * 5000,
    "nested lists": "- " * 2000 + "x\n\n",
    "emphasis": "*" * 5000 + "x" + "*" * 5000,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    size = parser.parse_args().size
    print(f"render_markdown, one text of {size:,} characters, cold cache")
    for name, shape in SHAPES.items():
        sample = (shape * (size // len(shape) + 1))[:size]
        text._render.cache_clear()
        started = time.perf_counter()
        text.render_markdown(sample)
        print(f"  {name:<16} {1000 * (time.perf_counter() - started):8.1f} ms")


if __name__ == "__main__":
    main()
