"""How `new` recognises the demo: demo.toml's files, and the marked lines of
shared files."""

from pathlib import Path

import pytest

from service_base.demo import Aggregate, Demo, demo_files, load_demo, strip_regions
from service_base.errors import DemoManifestError

DEMO = Demo((Aggregate("catalog", "", ()), Aggregate("billing", "", ())))


def test_a_region_goes_with_its_markers() -> None:
    text = "a = 1\n# region demo: catalog\nb = 2\n\nc = 3\n# endregion\nd = 4\n"

    assert strip_regions(text, "x.py", DEMO) == "a = 1\nd = 4\n"


def test_markdown_regions_and_base_only_regions_go_too() -> None:
    text = (
        "# Title\n<!-- region base -->\nHow to start a service.\n<!-- endregion -->\n"
        "Core.\n<!-- region demo: billing -->\nBilling.\n<!-- endregion -->\nEnd.\n"
    )

    assert strip_regions(text, "README.md", DEMO) == "# Title\nCore.\nEnd.\n"


def test_a_marked_line_goes_with_the_rest_of_its_statement() -> None:
    text = (
        "from a import (  # demo: catalog\n"
        "    B,\n"
        "    C,\n"
        ")\n"
        "from d import E\n"
        "ROUTERS = (\n"
        "    users.router,\n"
        "    catalog.router,  # demo: catalog\n"
        ")\n"
    )

    assert strip_regions(text, "x.py", DEMO) == (
        "from d import E\nROUTERS = (\n    users.router,\n)\n"
    )


def test_a_markdown_table_row_is_marked_in_its_last_cell() -> None:
    text = (
        "| Setting | Default |\n| --- | --- |\n| `CORE` | 1 |\n"
        "| `CATALOG_TTL` | 60 <!-- demo: catalog --> |\n"
    )

    assert strip_regions(text, "README.md", DEMO) == (
        "| Setting | Default |\n| --- | --- |\n| `CORE` | 1 |\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# region demo: catalogue\n# endregion\n", "x.py:1: no aggregate 'catalogue'"),
        ("x = 1  # demo: shop\n", "x.py:1: no aggregate 'shop'"),
        ("# region demo: catalog\n# region base\n", "x.py:2: a region starts inside"),
        ("a\n# region demo: billing\nb\n", "x.py:2: region without # endregion"),
    ],
)
def test_a_malformed_marker_is_named_with_its_line(text: str, message: str) -> None:
    with pytest.raises(DemoManifestError, match=message):
        strip_regions(text, "x.py", DEMO)


def test_a_path_of_the_manifest_that_matches_nothing_is_stale(tmp_path: Path) -> None:
    (tmp_path / "demo.toml").write_text(
        '[aggregates.catalog]\npaths = ["src/catalog.py", "src/gone_*.py"]\n'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "catalog.py").write_text("")

    with pytest.raises(DemoManifestError, match=r"'src/gone_\*.py' matches no file"):
        demo_files(tmp_path, load_demo(tmp_path))


def test_a_tree_without_a_manifest_has_no_demo(tmp_path: Path) -> None:
    assert load_demo(tmp_path) == Demo(())
