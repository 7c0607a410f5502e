"""What every `samplan` command shares: it speaks Norwegian, and it follows Unix conventions.

- Language. Messages, errors and help are in Bokmål; commands whose output people read (reports,
  JSON with texts, calendars, documents) take `--sprak nb|nn|en`, which sets the language of
  everything the command writes. Documents exist in Bokmål and Nynorsk only: with `--sprak en`, or
  without `--sprak`, a document is in the municipality's written standard (as on the web, where a
  document follows the page unless the page is in English).
- argparse's own texts ("usage:", "the following arguments are required", "invalid choice" …)
  come from the `argparse` gettext domain, for which no Norwegian catalogue exists. argparse has
  already formatted a message when `error()` receives it, so `argparse_message` recognises it by
  its English template and puts the parts into the template's translation from our catalogue.
- An output option given `-` writes to standard output: text as text, binary formats as bytes
  to the binary buffer of standard output.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
    SystemCheckError,
)
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from samplan.core.periods import period_argument

LANGUAGE_OPTION = "--sprak"
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
STANDARD_OUTPUT = "-"

# argparse's messages, word for word (Python 3.11), and the help texts of Django's own options.
# The translations are in the project's catalogues.
ARGPARSE_MESSAGES = (
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("one of the arguments %s is required"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("expected one argument"),
    gettext_noop("expected at most one argument"),
    gettext_noop("expected at least one argument"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("ignored explicit argument %r"),
)
HELP_TEXTS = (
    gettext_noop("show this help message and exit"),
    gettext_noop("Show program's version number and exit."),
    gettext_noop(
        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, "
        "3=very verbose output"
    ),
    gettext_noop(
        'The Python path to a settings module, e.g. "myproject.settings.main". If this '
        "isn't provided, the DJANGO_SETTINGS_MODULE environment variable will be used."
    ),
    gettext_noop('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    gettext_noop("Display a full stack trace on CommandError exceptions."),
    gettext_noop("Don't colorize the command output."),
    gettext_noop("Force colorization of the command output."),
    gettext_noop("Skip system checks."),
)

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def _template_pattern(template: str) -> re.Pattern[str]:
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P<{match.group(1) or 'value'}>.+?)")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


_ARGPARSE_PATTERNS = tuple((text, _template_pattern(text)) for text in ARGPARSE_MESSAGES)


def argparse_message(message: str) -> str:
    """An error message argparse has formatted, in the active language (unchanged if unknown)."""
    for template, pattern in _ARGPARSE_PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            return _fill(_(template), match.groupdict())
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    """Put the parts of a message into its translated template (inner messages translated)."""
    if "message" in values:
        values = {**values, "message": argparse_message(values["message"])}
    return _PLACEHOLDER.sub(lambda part: values[part.group(1) or "value"], template)


def requested_language(arguments: list[str]) -> str | None:
    """The language asked for with --sprak in a command line, if any (checked later by argparse)."""
    for index, argument in enumerate(arguments):
        if argument == LANGUAGE_OPTION and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith(LANGUAGE_OPTION + "="):
            value = argument.partition("=")[2]
        else:
            continue
        return value if value in LANGUAGE_CODES else None
    return None


class HelpFormatter(DjangoHelpFormatter):
    """Django's help layout with the texts in the active language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str:
        # Our help texts are lazy translations; argparse's and Django's are English msgids.
        return _(str(action.help))

    def _format_text(self, text: str) -> str:
        return super()._format_text(str(text))


class Parser(CommandParser):
    """Django's CommandParser, speaking the active language (see the module docstring).

    The parser of a whole command (not its subcommands) has a `language`: while it parses, that
    language is active, or the one given with --sprak anywhere on the command line.
    """

    language: str | None = None

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self.language is None:
            return super().parse_known_args(args, namespace)
        arguments = list(sys.argv[1:] if args is None else args)
        with translation.override(requested_language(arguments) or self.language):
            return super().parse_known_args(arguments, namespace)

    def error(self, message: str) -> NoReturn:
        message = argparse_message(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(
                2, _("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
            )
        raise CommandError(_("Error: %(message)s") % {"message": message})


def _adopt(parser: CommandParser) -> None:
    """Make a parser that Django built (its create_parser names the class) and its subcommands'
    parsers into `Parser`s. They keep their state; only the class and the texts change."""
    parser.__class__ = Parser
    parser.formatter_class = HelpFormatter
    parser._positionals.title = gettext_lazy("positional arguments")
    parser._optionals.title = gettext_lazy("options")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            # "the following arguments are required: {import,export}" rather than the dest name.
            action.metavar = action.metavar or "{" + ",".join(action.choices) + "}"
            for subparser in action.choices.values():
                _adopt(subparser)


class SamplanCommand(BaseCommand):
    """A management command that speaks Norwegian and writes `-` to standard output."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _adopt(parser)
        parser.language = settings.LANGUAGE_CODE
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("sprak") or settings.LANGUAGE_CODE):
            try:
                return super().execute(*args, **options)
            except CommandError as error:
                # Django would print "CommandError: …" in English; the shell gets "Feil: …".
                if (
                    not getattr(self, "_called_from_command_line", False)
                    or options.get("traceback")
                    or isinstance(error, SystemCheckError)
                ):
                    raise
                self.stderr.write(_("Error: %(message)s") % {"message": error})
                sys.exit(error.returncode)

    @staticmethod
    def add_municipality_argument(
        parser: argparse._ActionsContainer, *, required: bool = True, help_text: Any = None
    ) -> None:
        """--kommune KNR: the municipality number (a parser, a subcommand's or a group)."""
        parser.add_argument(
            "--kommune",
            required=required,
            metavar="KNR",
            help=help_text or gettext_lazy("municipality number, e.g. 5033"),
        )

    @staticmethod
    def add_language_argument(parser: CommandParser, *, documents: bool = False) -> None:
        """--sprak nb|nn|en: the language of what the command writes."""
        parser.add_argument(
            LANGUAGE_OPTION,
            choices=LANGUAGE_CODES,
            help=(
                gettext_lazy(
                    "language of messages and documents (default: Bokmål; documents are in "
                    "Bokmål or Nynorsk, by default in the municipality's written standard)"
                )
                if documents
                else gettext_lazy("language of the output (default: Bokmål)")
            ),
        )

    @classmethod
    def add_document_arguments(cls, parser: CommandParser, formats: Any) -> None:
        """--format, --sprak and --out of a command that writes a document."""
        parser.add_argument(
            "--format", choices=formats, required=True, help=gettext_lazy("file format")
        )
        cls.add_language_argument(parser, documents=True)
        cls.add_output_argument(parser)

    @staticmethod
    def add_output_argument(parser: CommandParser) -> None:
        """--out FIL (required): the file to write, or - for standard output."""
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            metavar="FIL",
            help=gettext_lazy("file to write; -: standard output"),
        )

    @staticmethod
    def add_period_argument(parser: CommandParser) -> None:
        """--periode 2023-2027 (required): an election period, given to the command as its
        first year."""
        parser.add_argument(
            "--periode",
            type=period_argument,
            required=True,
            help=gettext_lazy("election period, e.g. 2023-2027"),
        )

    def _binary_stdout(self) -> BinaryIO:
        stream = getattr(self.stdout, "buffer", None)
        if stream is None:
            raise CommandError(
                _("Standard output takes no binary data here; write to a file with --out FILE.")
            )
        self.stdout.flush()
        return stream

    def write_output(
        self, target: Path | str, content: bytes, *, text: bool, report: bool = True
    ) -> None:
        """Write `content` to the file `target`, or to standard output if it is `-` (text through
        the command's output, bytes to its binary buffer). With `report`, a file gets a line
        saying so."""
        if str(target) == STANDARD_OUTPUT:
            if text:
                self.stdout.write(content.decode("utf-8"), ending="")
                self.stdout.flush()
            else:
                stream = self._binary_stdout()
                stream.write(content)
                stream.flush()
            return
        try:
            Path(target).write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": target, "error": error}
            ) from error
        if report:
            self.stdout.write(
                _("Wrote %(file)s (%(size)s bytes).") % {"file": target, "size": len(content)}
            )

    def copy_to_stdout(self, path: Path) -> None:
        """Copy a file to the binary standard output (for outputs made as files, e.g. backups)."""
        stream = self._binary_stdout()
        with path.open("rb") as source:
            shutil.copyfileobj(source, stream)
        stream.flush()
