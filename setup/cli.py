"""Operator commands: ``python -m setup.cli --help``."""

import asyncio
from typing import Annotated

import typer

from app.application.commands.create_admin import CreateAdmin, CreateAdminCommand
from app.domain.exceptions import DomainValidationError
from setup.config import Settings
from setup.ioc.registry import make_container
from setup.startup.database import prepare_database
from setup.startup.failures import exit_with, start_or_exit

cli = typer.Typer(help="Operate the service.", no_args_is_help=True)


@cli.callback()
def options(
    context: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of a failure.")
    ] = False,
) -> None:
    context.obj = debug


@cli.command()
def migrate(context: typer.Context) -> None:
    """Create the database if the server has none of that name, then apply
    every pending migration."""
    start_or_exit(prepare_database, debug=bool(context.obj))
    typer.echo("database is at the latest revision")


@cli.command("create-admin")
def create_admin(
    context: typer.Context,
    email: Annotated[str, typer.Argument(help="The admin's email; logs in with it.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="ADMIN_PASSWORD",
            help="Asked for when not given.",
        ),
    ],
) -> None:
    """Create an admin, or promote an existing user to admin."""
    debug = bool(context.obj)
    settings = start_or_exit(prepare_database, debug=debug)
    try:
        user_id = asyncio.run(_create_admin(settings, email, password))
    except DomainValidationError as err:
        typer.echo(f"error: {err.field}: {err.message}", err=True)
        raise typer.Exit(2) from err
    except Exception as err:
        exit_with(err, settings, debug=debug)
    typer.echo(f"admin {email} ({user_id}) is ready")


async def _create_admin(settings: Settings, email: str, password: str) -> str:
    container = make_container(settings)
    try:
        async with container() as request_container:
            use_case = await request_container.get(CreateAdmin)
            return str(await use_case.execute(CreateAdminCommand(email, password)))
    finally:
        await container.close()


if __name__ == "__main__":
    cli()
