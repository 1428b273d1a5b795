"""English plurals for table and collection names (`category` -> `categories`)."""

_IRREGULAR = {"person": "people", "child": "children", "man": "men", "woman": "women"}
_UNCHANGED = frozenset({"data", "media", "news", "series", "species", "metadata"})


def plural(snake_name: str) -> str:
    """Plural of the last word of a snake_case name: `line_item` -> `line_items`."""
    head, _, word = snake_name.rpartition("_")
    prefix = f"{head}_" if head else ""
    return prefix + _plural_word(word)


def _plural_word(word: str) -> str:
    if word in _UNCHANGED:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"
