"""The ports the kinds write or read, whatever the kind: new ports and their
imports, existing ports read as written, docstrings wrapped to the line
length.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path

import pytest

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.pipeline_step.builder import build_pipeline_step
from add_adapter.scaffold.kinds.shared.ports import add_port_if_new, read_port
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.request import AdapterKind

from .kind_support import USER_READER, signature, step_request, stripe_request, texts
from .scaffold_support import new_batch


def test_two_new_ports_in_one_module_are_refused(repo: Path) -> None:
    batch = new_batch(repo)
    build_pipeline_step(step_request(), batch)

    with pytest.raises(ScaffoldError) as raised:
        build_pipeline_step(
            step_request(
                class_name="ThumbnailStep",
                origin="item[3] (ThumbnailStep)",
                port="app.application.interfaces.media.IThumbnailer",
            ),
            batch,
        )

    assert raised.value.where == "item[3] (ThumbnailStep): implements"
    assert raised.value.message == (
        "app.application.interfaces.media already holds the generated port "
        "ITranscriber; give IThumbnailer a module of its own, e.g. "
        "app.application.interfaces.thumbnailer.IThumbnailer"
    )


def test_a_new_port_imports_the_domain_classes_it_names(repo: Path) -> None:
    batch = new_batch(repo)
    request = stripe_request(
        kind=AdapterKind.REPOSITORY,
        port="app.application.interfaces.accounts.IAccounts",
        methods=(signature("rename(user: User, email: Email) -> None"),),
    )
    addition = Addition(request.class_name)

    implemented = add_port_if_new(request, batch, addition, request.methods, "Docs.")

    [method] = implemented
    assert method.method.name == "rename"
    port = texts(addition)["src/app/application/interfaces/accounts.py"]
    assert "from app.domain.entities.user import User" in port
    assert "from app.domain.value_objects.email import Email" in port


def test_a_new_port_refuses_a_type_it_cannot_import(repo: Path) -> None:
    request = stripe_request(
        methods=(
            signature("rename(user: User) -> None"),
            signature("archive(widget: Widget) -> None"),
        )
    )

    with pytest.raises(ScaffoldError) as raised:
        add_port_if_new(
            request, new_batch(repo), Addition("X"), request.methods, "Docs."
        )

    assert raised.value.where == "item[0] (StripeClient): methods[1].parameters[0]"
    assert raised.value.message == "unknown type 'Widget'"


def test_an_existing_port_is_read_with_its_exact_signatures(repo: Path) -> None:
    shape = read_port(new_batch(repo), USER_READER)

    get_user, list_users = shape.methods
    assert get_user.method.signature == (
        "get_user(self, user_id: UUID) -> UserView | None"
    )
    assert list_users.required == 3
    assert list_users.parameters_source.startswith("pagination: Pagination, ")
    assert shape.imports["UUID"] == "from uuid import UUID"
    assert shape.imports["UserView"] == (
        "from app.application.query_models.user_view import UserView"
    )


@pytest.mark.parametrize(
    ("text", "indent", "expected"),
    [
        ("Fits.", 4, "Fits."),
        ('Ends with a "quote"', 4, 'Ends with a "quote\\"'),
        (
            "x" * 40 + " " + "y" * 40,
            4,
            "x" * 40 + "\n    " + "y" * 40 + "\n    ",
        ),
    ],
)
def test_docstrings_fit_the_line_length(text: str, indent: int, expected: str) -> None:
    assert format_docstring(text, indent) == expected
