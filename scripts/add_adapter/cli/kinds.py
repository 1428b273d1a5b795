"""The kind commands (`scripts/add-adapter KIND NAME`), each made from its row
of the kind table, and the AdapterRequest its options describe."""

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from add_adapter.cli.kind_options import KindOptions
from add_adapter.cli.kind_table import KIND_COMMANDS, KindCommand, kind_command
from add_adapter.cli.options import (
    DryRunOption,
    ForceOption,
    NoInputOption,
    RootOption,
)
from add_adapter.cli.prompts import interactive
from add_adapter.cli.scaffolding import run_add
from add_adapter.paths import DEFAULT_ROOT
from add_adapter.scaffold.bound_when import conditions_from_flags
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import Field, parse_field
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    Method,
    check_class_name,
    check_port_path,
    parse_method_signature,
)

_KEYWORD = inspect.Parameter.KEYWORD_ONLY
_ADDITION_OPTIONS = [
    inspect.Parameter("dry_run", _KEYWORD, default=False, annotation=DryRunOption),
    inspect.Parameter("force", _KEYWORD, default=False, annotation=ForceOption),
    inspect.Parameter("no_input", _KEYWORD, default=False, annotation=NoInputOption),
    inspect.Parameter("root", _KEYWORD, default=DEFAULT_ROOT, annotation=RootOption),
]
"""The options every addition takes, after the kind's own."""


def kind_commands() -> list[tuple[str, Callable[..., None]]]:
    """Each kind's command name and function, in the table's order."""
    return [
        (command.kind.value, _command_function(command)) for command in KIND_COMMANDS
    ]


def _command_function(command: KindCommand) -> Callable[..., None]:
    def add_kind(
        name: str,
        *,
        dry_run: bool,
        force: bool,
        no_input: bool,
        root: Path,
        **values: Any,
    ) -> None:
        options = KindOptions(name, **values)
        asking = interactive(no_input)
        for prompt in command.prompts if asking else ():
            options = prompt(options)
        request = build_request(command.kind, options)
        run_add(root, [request], dry_run=dry_run, force=force, asking=asking)

    # Typer reads the command's parameters from its signature: NAME, this
    # kind's options, then those of every addition.
    name = inspect.Parameter(
        "name",
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        annotation=command.name_argument,
    )
    add_kind.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [name, *(option.parameter() for option in command.options), *_ADDITION_OPTIONS]
    )
    add_kind.__doc__ = command.help
    return add_kind


def build_request(kind: AdapterKind, options: KindOptions) -> AdapterRequest:
    """The request `options` describe; raises ScaffoldError naming the flag."""
    class_name = check_class_name(options.name, "NAME")
    _refuse_missing(kind, options)
    if options.port is not None:
        check_port_path(options.port, "--port")
    return AdapterRequest(
        kind=kind,
        class_name=class_name,
        origin="",
        scope=options.scope or kind_command(kind).default_scope,
        entity=check_class_name(options.entity, "--entity") if options.entity else None,
        fields=_fields(options),
        table_name=options.table,
        port=options.port,
        methods=_methods(options),
        description=options.description,
        config=tuple(options.config or ()),
        calls=options.calls,
        reads=tuple(options.reads or ()),
        writes=options.writes,
        replace=options.replace,
        technology=options.technology.value if options.technology else None,
        when=conditions_from_flags(options.when or [], options.unless or []),
        fields_key="--field",
        operations=tuple(options.operations or ()),
        access=tuple(options.auth or ()),
        event=options.event,
    )


def _refuse_missing(kind: AdapterKind, options: KindOptions) -> None:
    for option in kind_command(kind).options:
        if option.required and getattr(options, option.field) is None:
            raise ScaffoldError(
                option.flag,
                "is required (or run at a terminal without --no-input to be asked)",
            )


def _fields(options: KindOptions) -> tuple[Field, ...]:
    return tuple(
        parse_field(text, f"--field[{index}]")
        for index, text in enumerate(options.fields or [])
    )


def _methods(options: KindOptions) -> tuple[Method, ...]:
    return tuple(
        parse_method_signature(text, f"--method[{index}]")
        for index, text in enumerate(options.methods or [])
    )
