"""Binding a scaffolded adapter on a setting: `--when SETTING` (bound while
it is set) and `--unless SETTING` (while it is not), or an item's `when`.

The conditions are written to the new spec entry as the spec writes them
(`{"setting": "REDIS_URL"}`, `{"setting": "REDIS_URL", "set": false}`), and
each setting must be one the project's Settings will have: a field of
`Settings` in setup/config.py, or a setting of an HTTP client the spec or
this very command adds (`SHIPPING_GATEWAY_BASE_URL`).
"""

import ast
import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from add_adapter.naming import split_dotted
from add_adapter.paths import SETTINGS_CLASS, SETTINGS_MODULE, SETTINGS_PATH, Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.conditions import every_combination, holds
from add_adapter.specification.model import Component, SettingCondition
from add_adapter.specification.vocabulary import Kind
from add_adapter.sync.http_settings import http_client_names

_CONDITIONS = TypeAdapter(SettingCondition | list[SettingCondition])


def conditions_from_flags(
    when: Sequence[str], unless: Sequence[str]
) -> tuple[SettingCondition, ...]:
    """`--when` and `--unless` values as conditions, in that order; a
    malformed name or a setting given twice is a ScaffoldError naming the
    flag."""
    conditions: list[SettingCondition] = []
    seen: dict[str, str] = {}
    for flag, names, is_set in (("--when", when, True), ("--unless", unless, False)):
        for position, name in enumerate(names):
            where = f"{flag}[{position}]"
            try:
                condition = SettingCondition(setting=name, set=is_set)
            except ValidationError as error:
                raise ScaffoldError(where, _first_message(error)) from None
            earlier = seen.setdefault(name, where)
            if earlier != where:
                raise ScaffoldError(where, f"'{name}' is also given as {earlier}")
            conditions.append(condition)
    return tuple(conditions)


def conditions_from_item(value: object, where: str) -> tuple[SettingCondition, ...]:
    """An item's `when`, written as in the spec: one condition or a list."""
    try:
        parsed = _CONDITIONS.validate_python(value)
    except ValidationError as error:
        raise ScaffoldError(where, _first_message(error)) from None
    conditions = tuple(parsed) if isinstance(parsed, list) else (parsed,)
    if not conditions:
        raise ScaffoldError(where, "names no setting (leave 'when' out instead)")
    names = [condition.setting for condition in conditions]
    for position, name in enumerate(names):
        if names.index(name) != position:
            raise ScaffoldError(f"{where}[{position}]", f"'{name}' is named twice")
    return conditions


def condition_where(request: AdapterRequest, position: int) -> str:
    """Where the request's `position`-th condition came from: `--unless[0]`,
    or `item[2] (RedisCache): when[0]`."""
    if request.origin:
        field = "when" if len(request.when) == 1 else f"when[{position}]"
        return request.where(field)
    condition = request.when[position]
    flag = "--when" if condition.set else "--unless"
    index = sum(c.set == condition.set for c in request.when[:position])
    return f"{flag}[{index}]"


def bind_on_conditions(
    project: Project,
    spec_components: Iterable[Component],
    requests: Sequence[AdapterRequest],
    additions: Sequence[Addition],
) -> None:
    """Give each addition's spec entries the conditions of its request, once
    every setting they name is known to be one the project will have."""
    known = known_settings(
        project, [*spec_components, *(c for a in additions for c in a.components)]
    )
    for request, addition in zip(requests, additions, strict=True):
        if not request.when:
            continue
        if not addition.components:
            raise ScaffoldError(
                condition_where(request, 0),
                f"a {request.kind.value} binds no port, so it has nothing to bind "
                "on a setting",
            )
        for position, condition in enumerate(request.when):
            if known is not None and condition.setting not in known:
                raise ScaffoldError(
                    condition_where(request, position),
                    _unknown_setting(condition.setting, known),
                )
        addition.components[:] = [
            component.model_copy(update={"when": request.when})
            for component in addition.components
        ]


def known_settings(
    project: Project, components: Iterable[Component]
) -> frozenset[str] | None:
    """Every setting name Settings will have once `components` are in the
    spec, or None when setup/config.py does not say (it does not parse, or
    has no Settings class): the staged check then judges the names."""
    fields = _settings_fields(project)
    if fields is None:
        return None
    clients = (
        http_client_names(c.class_name, c.module, c.config)
        for c in components
        if c.kind is Kind.HTTP_CLIENT
    )
    return frozenset(
        {field.upper() for field in fields}
        | {setting.env_name for names in clients for setting in names.settings}
    )


def ports_left_to_bind(
    batch: Batch, requests: Sequence[AdapterRequest], additions: Sequence[Addition]
) -> list[str]:
    """The ports these additions write (new, or generated before) that only
    their conditional entries bind, leaving some combination of settings
    without a binding: nothing outside this command can bind a port before
    it has written it. The staged check reports those combinations as
    notes, not problems."""
    owners = {addition.owner for addition in additions}
    outside = {
        port
        for component in batch.spec.components
        if component.class_name not in owners
        for port in component.implements
    }
    binders: dict[str, list[Component]] = {}
    for addition in additions:
        for component in addition.components:
            for port in component.implements:
                binders.setdefault(port, []).append(component)
    left = set()
    for request, addition in zip(requests, additions, strict=True):
        if not request.when:
            continue
        written = {planned.path for planned in addition.files}
        for component in addition.components:
            for port in component.implements:
                path = batch.index.module_path(split_dotted(port)[0])
                if port not in outside and path in written and _gap(binders[port]):
                    left.add(port)
    return sorted(left)


def _gap(components: list[Component]) -> bool:
    """Whether some combination of the settings they name binds none."""
    settings = sorted({c.setting for component in components for c in component.when})
    return any(
        not any(holds(component, combination) for component in components)
        for combination in every_combination(settings)
    )


AskStandIn = Callable[[str, AdapterRequest, Component], bool]
"""Asks whether to bind the addition's twin (a test double) to a port where
the request's condition leaves it without its adapter."""


def bind_stand_ins(
    requests: Sequence[AdapterRequest],
    additions: Sequence[Addition],
    left_to_bind: Sequence[str],
    ask: AskStandIn | None,
) -> None:
    """Where one condition leaves a port the command writes without an
    adapter (`--when REDIS_URL`), bind a stand-in there (`"set": false`): the
    addition's in-memory twin when it can run the app (a cache's, a
    publisher's, a storage's), else its test double if the user, asked,
    says so. With several conditions what remains is not one condition, so
    the gap stays (and is reported)."""
    for request, addition in zip(requests, additions, strict=True):
        if len(request.when) != 1:
            continue
        ports = [
            port
            for component in addition.components
            for port in component.implements
            if port in left_to_bind
        ]
        for port in ports:
            stand_in = addition.stand_in
            if stand_in is None and addition.twin is not None and ask is not None:
                stand_in = addition.twin if ask(port, request, addition.twin) else None
            if stand_in is None:
                continue
            [condition] = request.when
            otherwise = SettingCondition(
                setting=condition.setting, set=not condition.set
            )
            addition.components.append(
                stand_in.model_copy(update={"when": (otherwise,)})
            )


def missing_binding_note(port: str, request: AdapterRequest) -> str:
    """What the user does next about a port `ports_left_to_bind` names."""
    otherwise = [
        json.dumps(
            {"setting": c.setting, "set": False} if c.set else {"setting": c.setting}
        )
        for c in request.when
    ]
    if len(otherwise) == 1:
        [condition] = request.when
        state = "unset" if condition.set else "set"
        needed = f'one there with "when": {otherwise[0]}'
        gap = f"while {condition.setting} is {state}"
    else:
        needed = f"adapters there, each with one of {', '.join(otherwise)}"
        gap = f"unless {' and '.join(c.text for c in request.when)}"
    return (
        f"{port} has no adapter {gap}: bind {needed} in setup/spec.json and "
        "run `scripts/add-adapter sync`; until then `scripts/add-adapter "
        "check` reports the gap"
    )


def _settings_fields(project: Project) -> set[str] | None:
    """The annotated fields of Settings and of its bases defined beside it."""
    path = project.absolute(Path(*SETTINGS_MODULE.split(".")).with_suffix(".py"))
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    if SETTINGS_CLASS not in classes:
        return None
    fields: set[str] = set()
    pending = [SETTINGS_CLASS]
    while pending:
        node = classes.get(pending.pop())
        if node is None:
            continue
        fields |= {
            item.target.id
            for item in node.body
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
        }
        pending += [base.id for base in node.bases if isinstance(base, ast.Name)]
    return fields


def _unknown_setting(name: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"'{name}' is not a setting: {SETTINGS_PATH} has no field "
        f"'{name.lower()}', and no HTTP client of the spec or of this command "
        f"reads it{hint}"
    )


def _first_message(error: ValidationError) -> str:
    return error.errors()[0]["msg"]
