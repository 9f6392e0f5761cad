"""Time to render hostile Markdown at the longest length the portal stores (issue 16, hole 4).

A script, not a test (speed is never asserted in the suite): it renders inputs that cost
Python-Markdown quadratic time, at ``PAGE_MAX_LENGTH`` characters, through the portal's own
``render_markdown`` (markdown-it-py, then nh3) and prints the seconds each took; with
``--compare`` also through Python-Markdown, if installed, at a tenth of the length.

    python benchmarks/markdown_render.py [--length N] [--compare]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wsis_portal.settings")
os.environ.setdefault("SECRET_KEY", "benchmark")

import django  # noqa: E402

django.setup()

from wsis_portal.markdown import render_markdown  # noqa: E402
from wsis_portal.text import PAGE_MAX_LENGTH  # noqa: E402

HOSTILE = {
    "open brackets [": "[",
    "link starts [a](": "[a](",
    "image starts ![": "![",
    "emphasis *a ": "*a ",
    "backticks `a": "`a",
    "angle brackets <a": "<a",
    "block quotes > ": "> ",
    "reference links": "[a]: /u\n[a] ",
    "nested lists": None,
}


def make(unit, length):
    if unit is None:  # as deep as the length allows
        lines, size, depth = [], 0, 0
        while size < length:
            line = "  " * depth + "- x\n"
            lines.append(line)
            size += len(line)
            depth += 1
        return "".join(lines)[:length]
    return (unit * (length // len(unit) + 1))[:length]


def timed(render, text):
    start = time.perf_counter()
    render(text)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=PAGE_MAX_LENGTH)
    parser.add_argument("--compare", action="store_true", help="also time Python-Markdown")
    args = parser.parse_args()
    print(f"{'input':<20} {'chars':>7} {'portal s':>9}", end="")
    print(f" {'chars':>7} {'Python-Markdown s':>18}" if args.compare else "")
    for name, unit in HOSTILE.items():
        text = make(unit, args.length)
        print(f"{name:<20} {len(text):>7} {timed(render_markdown, text):>9.2f}", end="")
        if args.compare:
            import markdown

            short = make(unit, args.length // 10)
            seconds = timed(lambda t: markdown.markdown(t, extensions=["tables"]), short)
            print(f" {len(short):>7} {seconds:>18.2f}", end="")
        print(flush=True)


if __name__ == "__main__":
    main()
