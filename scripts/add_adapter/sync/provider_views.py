"""What each generated provider module contains, worked out from the spec:
which bindings go in which module, in which order, under which names.

The views are plain data for the templates; everything that decides the
output (sorting, grouping, naming) happens here so the output depends only on
the spec's content, never on the order of its entries.
"""

import keyword
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dishka import Provider

from add_adapter.naming import is_within, snake_case
from add_adapter.paths import (
    APPLICATION_PROVIDERS_PATH,
    DOMAIN_PROVIDERS_PATH,
    SETTING_MARKER,
    USE_CASE_PROVIDERS_PATH,
)
from add_adapter.specification.model import Component, Spec
from add_adapter.specification.vocabulary import (
    DISHKA_SCOPES,
    DOMAIN_PACKAGE,
    GROUP_TITLES,
    KIND_ORDER,
    USE_CASE_ATTRIBUTES,
)
from add_adapter.sync.imports import ImportNames


@dataclass(frozen=True)
class BindingView:
    """`attribute = provide(adapter, provides=..., scope=..., when=...)`;
    `when` is empty for a binding without conditions."""

    attribute: str
    adapter: str
    provides: str
    scope: str
    when: str = ""


@dataclass(frozen=True)
class GroupView:
    """The bindings of one kind, under a `# Title` comment."""

    title: str
    bindings: tuple[BindingView, ...]


@dataclass(frozen=True)
class ProvideAllView:
    """`attribute = provide_all(*classes, scope=...)`."""

    attribute: str
    classes: tuple[str, ...]
    scope: str


@dataclass(frozen=True)
class ProviderModuleView:
    """One generated module: a single Provider subclass."""

    path: Path
    template: str
    docstring: str
    class_name: str
    class_docstring: str
    import_lines: tuple[str, ...]
    groups: tuple[GroupView, ...] = field(default=())
    provide_alls: tuple[ProvideAllView, ...] = field(default=())


def build_provider_views(spec: Spec) -> tuple[ProviderModuleView, ...]:
    """The three provider modules, always all three, even when one is empty."""
    domain: list[Component] = []
    application: list[Component] = []
    for component in spec.adapters:
        in_domain = all(
            is_within(port, DOMAIN_PACKAGE) for port in component.implements
        )
        (domain if in_domain else application).append(component)
    return (
        _ports_provider_view(
            domain,
            path=DOMAIN_PROVIDERS_PATH,
            class_name="DomainPortsProvider",
            docstring="Bindings of domain ports to their adapters.",
        ),
        _ports_provider_view(
            application,
            path=APPLICATION_PROVIDERS_PATH,
            class_name="ApplicationPortsProvider",
            docstring="Bindings of application ports to their adapters.",
        ),
        _use_cases_provider_view(spec.use_cases),
    )


def sort_key(component: Component) -> tuple[str, str]:
    """Components are ordered by class name, then module."""
    return component.class_name, component.module


def _ports_provider_view(
    components: list[Component], *, path: Path, class_name: str, docstring: str
) -> ProviderModuleView:
    dishka_names = ["Provider"]
    if components:
        dishka_names += ["Scope", "provide"]
    if any(len(component.implements) > 1 for component in components):
        dishka_names.append("AnyOf")
    conditional = any(component.when for component in components)
    names = ImportNames(
        [
            *(path for c in components for path in (c.dotted_path, *c.implements)),
            *([SETTING_MARKER] if conditional else []),
        ],
        taken=dishka_names,
    )
    attributes = _attribute_names(sorted(components, key=sort_key))
    by_kind: dict[int, list[Component]] = defaultdict(list)
    for component in components:
        by_kind[KIND_ORDER[component.kind]].append(component)
    groups = tuple(
        GroupView(
            title=GROUP_TITLES[members[0].kind],
            bindings=tuple(
                _binding_view(component, names, attributes[component.dotted_path])
                for component in sorted(members, key=sort_key)
            ),
        )
        for _, members in sorted(by_kind.items())
    )
    return ProviderModuleView(
        path=path,
        template="ports_provider.py.jinja",
        docstring=docstring,
        class_name=class_name,
        class_docstring="Provides each port with the adapter the spec binds to it.",
        import_lines=(_dishka_import(dishka_names), *names.import_lines()),
        groups=groups,
    )


def _binding_view(
    component: Component, names: ImportNames, attribute: str
) -> BindingView:
    ports = [names.local(port) for port in component.implements]
    provides = ports[0] if len(ports) == 1 else f"AnyOf[{', '.join(ports)}]"
    return BindingView(
        attribute=attribute,
        adapter=names.local(component.dotted_path),
        provides=provides,
        scope=DISHKA_SCOPES[component.scope],
        when=_when(component, names),
    )


def _when(component: Component, names: ImportNames) -> str:
    """`SettingIsSet("A") & ~SettingIsSet("B")`: the marker of each condition,
    by setting name; empty for an unconditional binding."""
    if not component.when:
        return ""
    marker = names.local(SETTING_MARKER)
    return " & ".join(
        f'{"" if condition.set else "~"}{marker}("{condition.setting}")'
        for condition in component.conditions
    )


def _use_cases_provider_view(use_cases: Iterable[Component]) -> ProviderModuleView:
    members = sorted(use_cases, key=sort_key)
    dishka_names = ["Provider"] + (["Scope", "provide_all"] if members else [])
    names = ImportNames((c.dotted_path for c in members), taken=dishka_names)
    provide_alls = tuple(
        ProvideAllView(
            attribute=attribute,
            classes=tuple(
                names.local(c.dotted_path) for c in members if c.scope is scope
            ),
            scope=DISHKA_SCOPES[scope],
        )
        for scope, attribute in USE_CASE_ATTRIBUTES.items()
        if any(c.scope is scope for c in members)
    )
    return ProviderModuleView(
        path=USE_CASE_PROVIDERS_PATH,
        template="use_cases_provider.py.jinja",
        docstring="Use cases, each provided as itself.",
        class_name="UseCasesProvider",
        class_docstring="Provides every use case the spec lists, grouped by scope.",
        import_lines=(_dishka_import(dishka_names), *names.import_lines()),
        provide_alls=provide_alls,
    )


def _dishka_import(names: list[str]) -> str:
    return f"from dishka import {', '.join(sorted(names))}"


def _attribute_names(components: list[Component]) -> dict[str, str]:
    """snake_case of each class name, made unique (a `_2` suffix) and kept off
    keywords and the attributes Dishka's Provider already has."""
    used = set(_provider_attributes())
    attributes: dict[str, str] = {}
    for component in components:
        base = snake_case(component.class_name)
        if keyword.iskeyword(base) or base in used:
            base = f"{base}_adapter"
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}_{number}"
        used.add(candidate)
        attributes[component.dotted_path] = candidate
    return attributes


@cache
def _provider_attributes() -> frozenset[str]:
    """Names a binding attribute must not shadow on a Provider subclass."""
    return frozenset(dir(Provider)) | frozenset(vars(Provider()))
