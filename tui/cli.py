"""The `pushin` command line: a thin layer over the plain-Python packages.

`pushin` alone opens the terminal UI; each subcommand lives in
tui/commands/<name>.py with `add_arguments(parser)` and `run(args, context)`,
imported only when used so `pushin add` never pays for Textual or the model.
Errors are shown here, in one place: a PushinError's message, exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from dataclasses import dataclass, field
from functools import cached_property

from models.config import Config, home_dir
from models.errors import PushinError
from models.store import Store

log = logging.getLogger("pushin")

# (subcommand, module under tui.commands, one-line help)
COMMANDS: list[tuple[str, str, str]] = [
    ("caseload", "caseload", "import or list the caseload (students and IEP goals)"),
    ("add", "add", "import audio memos from files"),
    ("record", "record", "dictate one memo from the microphone"),
    ("transcribe", "transcribe", "transcribe every pending memo"),
    ("tag", "tag", "tag a memo with a student, goal, data type and score"),
    ("export", "export", "export memos and documentation"),
    ("doctor", "doctor", "check microphone, PortAudio, model and database"),
]


@dataclass
class Context:
    """What every subcommand needs, opened lazily so `--help` stays instant."""

    out: object = field(default_factory=lambda: sys.stdout)
    err: object = field(default_factory=lambda: sys.stderr)

    @cached_property
    def home(self):
        return home_dir()

    @cached_property
    def config(self) -> Config:
        return Config.load(self.home)

    @cached_property
    def store(self) -> Store:
        return Store(self.home)

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    """Every command is listed, but only the one being run is imported."""
    parser = argparse.ArgumentParser(prog="pushin", description="Voice memos for push-in speech therapy.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, module, help_text in COMMANDS:
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(module=module)
        if name == chosen:
            _command_module(module).add_arguments(command_parser)
    return parser


def _command_module(module: str):
    return importlib.import_module(f"tui.commands.{module}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    context = Context()
    try:
        if args.command is None:
            from tui.app import run_app  # Textual only when the UI is wanted

            return run_app(context)
        return int(_command_module(args.module).run(args, context) or 0)
    except PushinError as error:
        context.warn(f"pushin: {error}")
        return 1
    except KeyboardInterrupt:
        context.warn("pushin: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
