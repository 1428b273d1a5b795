"""What text a person can mean to send: no control characters but tab and newline.

NUL and the other C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F)
are never typed on purpose; they hide text from whoever reads it and some
stores refuse them (NUL, for one). The request schemas state the same rule,
from CONTROL_CHARACTER_RANGES, so both refuse the same text.
"""

import re

# In a regular expression's character class; Python's and ECMAScript's
# syntax alike, so OpenAPI patterns can use it too.
CONTROL_CHARACTER_RANGES = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL_CHARACTER = re.compile(f"[{CONTROL_CHARACTER_RANGES}]")
CONTROL_CHARACTERS_MESSAGE = (
    "must not contain control characters (only tab and newline are allowed)"
)


def has_control_characters(text: str) -> bool:
    return _CONTROL_CHARACTER.search(text) is not None
