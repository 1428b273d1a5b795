"""`render_providers` called directly: speed on a large spec, and names that
would clash."""

from pathlib import Path

from add_adapter.specification.model import Component, Spec
from add_adapter.specification.vocabulary import Kind, Layer, Scope
from add_adapter.sync.render import render_providers, render_unformatted


def adapter(
    class_name: str, module: str, *ports: str, kind: Kind = Kind.DATA_MAPPER
) -> Component:
    return Component(
        class_name=class_name,
        module=module,
        layer=Layer.INFRASTRUCTURE_ADAPTER,
        kind=kind,
        implements=ports,
        scope=Scope.REQUEST,
        description="",
    )


def large_spec(bindings: int) -> Spec:
    kinds = [Kind.DATA_MAPPER, Kind.READER, Kind.CACHE, Kind.HTTP_CLIENT]
    components = [
        adapter(
            f"Adapter{number}",
            f"app.infrastructure.adapters.adapter_{number}",
            f"app.{'domain' if number % 3 == 0 else 'application'}.ports.port_{number}"
            f".Port{number}",
            kind=kinds[number % len(kinds)],
        )
        for number in range(bindings)
    ]
    return Spec(components=tuple(components))


def test_a_thousand_bindings_render_to_modules_that_compile(
    synced_template: Path,
) -> None:
    # How long it takes is benchmarks/bench_sync.py's to measure (render
    # phase), side by side with a baseline: a clock here failed under load.
    spec = large_spec(1000)

    rendered = render_providers(spec, synced_template)

    application = rendered[Path("setup/ioc/application.py")]
    assert application.count(" = provide(\n") == 666
    for path, text in rendered.items():
        compile(text, str(path), "exec")


def test_clashing_class_names_are_imported_under_aliases() -> None:
    spec = Spec(
        components=(
            adapter(
                "SqlaClock",
                "app.infrastructure.adapters.sqla_clock",
                "app.application.ports.clock.Clock",
                "app.application.ports.legacy.clock.Clock",
                kind=Kind.CACHE,
            ),
            adapter(
                "Scope",
                "app.infrastructure.adapters.scope",
                "app.application.ports.provider.Provider",
            ),
        )
    )

    text = render_unformatted(spec)[Path("setup/ioc/application.py")]

    assert "from app.application.ports.clock import Clock as PortsClockClock" in text
    assert (
        "from app.application.ports.legacy.clock import Clock as LegacyClockClock"
        in (text)
    )
    assert "provides=AnyOf[PortsClockClock, LegacyClockClock]," in text
    assert (
        "from app.application.ports.provider import Provider as ProviderProvider"
        in (text)
    )
    assert "from app.infrastructure.adapters.scope import Scope as ScopeScope" in text
    assert "    scope_adapter = provide(\n        ScopeScope," in text
    compile(text, "application.py", "exec")


def test_groups_follow_the_kind_order_and_bindings_the_class_name() -> None:
    spec = Spec(
        components=(
            adapter("Zeta", "app.x.zeta", "app.application.ports.a.A", kind=Kind.CACHE),
            adapter("Beta", "app.x.beta", "app.application.ports.b.B"),
            adapter("Alpha", "app.x.alpha", "app.application.ports.c.C"),
        )
    )

    text = render_unformatted(spec)[Path("setup/ioc/application.py")]

    assert text.index("# Data mappers") < text.index("alpha = provide(")
    assert text.index("alpha = provide(") < text.index("beta = provide(")
    assert text.index("beta = provide(") < text.index("# Caches")
    assert text.index("# Caches") < text.index("zeta = provide(")
