"""The `scripts/add-adapter` command line: every command, in the order `--help`
lists them. The commands live by group: wiring (sync, check, schema,
record-shipped), reports (list, graph), kinds (one per kind), seeds
(from-json) and removal (remove)."""

import typer

from add_adapter.cli import kinds, removal, reports, seeds, wiring
from add_adapter.cli.failures import ReportingGroup

app = typer.Typer(
    name="add-adapter",
    cls=ReportingGroup,
    help=(
        "Scaffold infrastructure adapters; keep the Dishka wiring in setup/ioc "
        "in step with setup/spec.json."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat the [brackets] of option syntax.
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)

app.command()(wiring.sync)
app.command()(wiring.check)
app.command("list")(reports.list_wiring)
app.command()(wiring.schema)
for kind_name, add_kind in kinds.kind_commands():
    app.command(kind_name)(add_kind)
app.command("from-json")(seeds.from_json)
app.command()(removal.remove)
app.command("record-shipped")(wiring.record_shipped)
app.command()(reports.graph)


def main() -> None:
    """Entry point of `scripts/add-adapter`."""
    app(prog_name="add-adapter")
