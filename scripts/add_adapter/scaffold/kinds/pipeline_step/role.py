"""The default port of a pipeline step, named by its role: the step's class
name without `Step`, its leading verb turned into the one who does it and
put last (`LoadUserStep` -> `UserLoader`, `MarkInvoicePaidStep` ->
`InvoicePaidMarker`, `TranscribeStep` -> `Transcriber`).

The first word is taken for a verb unless it has a noun's ending: a name
starting with a noun (`EnrichmentStep`), or with no capitalised word
(`OCRStep`), keeps its words (`Enrichment`, `OCR`). Name steps by what they
do (`LoadUserStep`, not `UserLoaderStep`); where English has an exception
the rule does not know, `--port` names the port."""

import re

_FIRST_WORD = re.compile(r"[A-Z][a-z]+(?=[A-Z]|$)")
_NOUN_ENDINGS = ("ion", "ment", "ance", "ence", "ness", "ity", "ing")
"""Word endings of nouns, not verbs (`Enrichment`, `Validation`, `Billing`)."""
_IRREGULAR = {"Update": "Updater"}
"""Doers the spelling rules below get wrong (`Updator`)."""
_VOWELS = frozenset("aeiou")


def role_name(class_name: str) -> str:
    """The port's class name for the step `class_name` (see the module)."""
    stem = class_name.removesuffix("Step") or class_name
    first = _FIRST_WORD.match(stem)
    if first is None or first[0].lower().endswith(_NOUN_ENDINGS):
        return stem
    verb = first[0]
    return stem[len(verb) :] + doer(verb)


def doer(verb: str) -> str:
    """`Load` -> `Loader`, `Store` -> `Storer`, `Validate` -> `Validator`,
    `Notify` -> `Notifier`, `Ship` -> `Shipper`."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ate") and len(verb) > 4:
        return f"{verb[:-1]}or"
    if verb.endswith("e"):
        return f"{verb}r"
    if verb.endswith("y") and verb[-2] not in _VOWELS:
        return f"{verb[:-1]}ier"
    if _doubles_its_consonant(verb):
        return f"{verb}{verb[-1]}er"
    return f"{verb}er"


def _doubles_its_consonant(verb: str) -> bool:
    """One syllable ending in consonant, vowel, consonant (not w, x or y):
    `Ship`, `Get`, `Plan`; not `Load`, `Mark`, `Fix`."""
    lower = verb.lower()
    syllables = len(re.findall(r"[aeiou]+", lower))
    return (
        syllables == 1
        and len(lower) >= 3
        and lower[-1] not in _VOWELS | {"w", "x", "y"}
        and lower[-2] in _VOWELS
        and lower[-3] not in _VOWELS
    )
