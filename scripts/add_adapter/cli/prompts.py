"""Asking a person at a terminal for what the flags left out."""

import sys
from dataclasses import replace

import typer

from add_adapter.cli.kind_options import KindOptions
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.model import Component


def interactive(no_input: bool) -> bool:
    """Ask for what is missing only when a person is at a terminal."""
    return not no_input and sys.stdin.isatty()


def ask_stand_in(port: str, request: AdapterRequest, twin: Component) -> bool:
    """Whether to bind the test double `twin` to `port` where `request`'s
    condition does not hold."""
    [condition] = request.when
    state = "unset" if condition.set else "set"
    return typer.confirm(
        f"{port} has no adapter while {condition.setting} is {state}. Bind "
        f"{twin.class_name} there (the in-memory test double, then moved into "
        "the app: nothing it stores outlives the process)? No: `check` reports "
        "the gap until you bind one",
        default=False,
    )


def ask_list(prompt: str) -> list[str]:
    """Comma- or semicolon-separated answers; empty means none."""
    answer: str = typer.prompt(prompt, default="", show_default=False)
    separator = ";" if ";" in answer else ","
    return [part.strip() for part in answer.split(separator) if part.strip()]


def ask_fields(options: KindOptions) -> KindOptions:
    if options.fields:
        return options
    fields = ask_list(
        "Fields ('name: type', comma-separated; empty to reuse the entity's)"
    )
    return replace(options, fields=fields)


def ask_repository_methods(options: KindOptions) -> KindOptions:
    if options.methods:
        return options
    methods = ask_list("Methods ('name(param: type) -> type', separated by ';')")
    return replace(options, methods=methods)


def ask_port(options: KindOptions) -> KindOptions:
    if options.port is not None:
        return options
    port: str = typer.prompt("Port it implements (package.module.ClassName)")
    return replace(options, port=port)


def ask_port_methods(options: KindOptions) -> KindOptions:
    """The methods of a new port (none when the port exists)."""
    if options.methods:
        return options
    methods = ask_list(
        "Methods of a new port ('name(param: type) -> type', separated by ';';"
        " empty if the port exists)"
    )
    return replace(options, methods=methods)
