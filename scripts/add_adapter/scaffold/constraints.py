"""An item's `constraints` (seed 001: "honor JSON `constraints` if present;
else infer"):

    "constraints": {
        "unique": ["isbn", ["tenant_id", "code"]],
        "index": ["title"],
        "on_delete": "CASCADE"
    }

- `unique`: every unique constraint of the table, a field or a list of fields
  (unique together). Given, it replaces what the names imply (`code`,
  `email`, ... unique; unique per tenant with a `tenant_id`).
- `index`: the indexed fields besides the foreign keys (always indexed).
  Given, it replaces what the names imply (`status`, `created_at`, ...).
- `on_delete`: the rule of every foreign key, or `{"field": "RULE"}` per
  foreign key (CASCADE, RESTRICT, SET NULL, NO ACTION).
"""

from dataclasses import dataclass, replace

from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import ON_DELETE_RULES, Field, ForeignKey

_KEYS = ("unique", "index", "on_delete")


@dataclass(frozen=True)
class Constraints:
    unique: tuple[tuple[str, ...], ...] | None = None
    index: tuple[str, ...] | None = None
    on_delete: tuple[tuple[str | None, str], ...] = ()
    """(field, rule) pairs; field None: every foreign key."""
    where: str = "constraints"


def parse_constraints(value: object, where: str) -> Constraints:
    if not isinstance(value, dict):
        raise ScaffoldError(where, "expected an object with unique, index, on_delete")
    unknown = sorted(set(value) - set(_KEYS))
    if unknown:
        raise ScaffoldError(
            f"{where}.{unknown[0]}", f"unknown constraint (known: {', '.join(_KEYS)})"
        )
    unique = value.get("unique")
    index = value.get("index")
    return Constraints(
        unique=None if unique is None else _unique(unique, f"{where}.unique"),
        index=None if index is None else _names(index, f"{where}.index"),
        on_delete=_on_delete(value.get("on_delete"), f"{where}.on_delete"),
        where=where,
    )


def _unique(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise ScaffoldError(where, "expected an array of fields or of field arrays")
    entries = []
    for position, entry in enumerate(value):
        group = [entry] if isinstance(entry, str) else entry
        entries.append(_names(group, f"{where}[{position}]"))
    return tuple(entries)


def _names(value: object, where: str) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) for v in value)
    ):
        raise ScaffoldError(where, "expected an array of field names")
    return tuple(value)


def _on_delete(value: object, where: str) -> tuple[tuple[str | None, str], ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return ((None, _rule(value, where)),)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return tuple(
            (name, _rule(rule, f"{where}.{name}")) for name, rule in value.items()
        )
    raise ScaffoldError(where, 'expected a rule, or {"field": "RULE"}')


def _rule(text: str, where: str) -> str:
    rule = text.upper().replace("_", " ")
    if rule not in ON_DELETE_RULES:
        rules = ", ".join(sorted(ON_DELETE_RULES))
        raise ScaffoldError(where, f"'{text}' is not one of {rules}")
    return rule


def apply_constraints(fields: list[Field], constraints: Constraints) -> list[Field]:
    """The fields with the constraints the item states in place of the
    inferred ones."""
    by_name = {field.name: field for field in fields}
    where = constraints.where
    if constraints.unique is not None:
        by_name = _with_uniques(by_name, constraints.unique, f"{where}.unique")
    if constraints.index is not None:
        by_name = _with_indexes(by_name, constraints.index, f"{where}.index")
    for name, rule in constraints.on_delete:
        at = f"{where}.on_delete" + (f".{name}" if name else "")
        targets = [name] if name else [n for n, f in by_name.items() if f.foreign_key]
        for target in targets:
            by_name[target] = _with_rule(by_name, target, rule, at)
    return [by_name[field.name] for field in fields]


def _with_uniques(
    by_name: dict[str, Field], uniques: tuple[tuple[str, ...], ...], where: str
) -> dict[str, Field]:
    result = {n: replace(f, unique=False, unique_with=()) for n, f in by_name.items()}
    for position, group in enumerate(uniques):
        at = f"{where}[{position}]"
        for name in group:
            _known(by_name, name, at)
        if len(set(group)) != len(group):
            raise ScaffoldError(at, "names a field twice")
        last = result[group[-1]]
        if last.primary_key:
            raise ScaffoldError(at, f"'{last.name}' is the primary key: unique already")
        if last.unique or last.unique_with:
            raise ScaffoldError(
                at, f"'{last.name}' ends another unique constraint already"
            )
        if len(group) == 1:
            result[last.name] = replace(last, unique=True, index=False)
        else:
            result[last.name] = replace(last, unique_with=group[:-1])
    return result


def _with_indexes(
    by_name: dict[str, Field], indexes: tuple[str, ...], where: str
) -> dict[str, Field]:
    for position, name in enumerate(indexes):
        _known(by_name, name, f"{where}[{position}]")
    return {
        name: replace(
            field,
            index=not field.unique
            and not field.primary_key
            and (name in indexes or field.foreign_key is not None),
        )
        for name, field in by_name.items()
    }


def _with_rule(by_name: dict[str, Field], name: str, rule: str, where: str) -> Field:
    field = _known(by_name, name, where)
    if field.foreign_key is None:
        raise ScaffoldError(where, f"'{name}' is not a foreign key (<entity>_id)")
    if rule == "SET NULL" and not field.nullable:
        raise ScaffoldError(where, f"SET NULL needs '{name}' to be optional")
    return replace(field, foreign_key=ForeignKey(field.foreign_key.table, rule))


def _known(by_name: dict[str, Field], name: str, where: str) -> Field:
    field = by_name.get(name)
    if field is None:
        raise ScaffoldError(where, f"no field '{name}' (fields: {', '.join(by_name)})")
    return field
