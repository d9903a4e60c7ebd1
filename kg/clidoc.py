"""Generate the README's CLI reference from the commands' own help texts.

``python -m kg.clidoc README.md`` rewrites the section between the markers;
a test fails when the README and the CLI disagree, so the docs cannot drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import main

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def reference() -> str:
    parts = []
    settings = {"terminal_width": 100, "max_content_width": 100, "help_option_names": ["-h", "--help"]}
    root = click.Context(main, info_name="kg", **settings)  # type: ignore[arg-type]
    for name in sorted(main.commands):
        command = main.commands[name]
        ctx = click.Context(command, info_name=name, parent=root, **settings)  # type: ignore[arg-type]
        parts.append(f"### `kg {name}`\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def render_readme(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{reference()}{END}{tail}"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(render_readme(target.read_text(encoding="utf-8")), encoding="utf-8")
