"""The user's prose in generated code: docstrings and comments wrapped to the
project's line length (words are never cut, and never dropped), and the
words that mark a text as being about a technology, which the domain and
application layers must not speak of."""

import re
import textwrap
import unicodedata

LINE_LENGTH = 88
"""The project's ruff line length: every generated line fits it."""


def format_docstring(text: str, indent: int) -> str:
    """The inside of a docstring at `indent`, wrapped to the line length:
    paragraphs (separated by blank lines) are filled, and a text that fits on
    one line with its quotes stays on one line. One that does not is wrapped
    onto two lines at least: ruff format would join a single line with its
    closing quotes. Quotes and backslashes that would end the string early
    are escaped, and so are characters a source file cannot show (control
    characters, lone surrogates). Widths are those ruff measures: a wide
    (East Asian) character takes two columns."""
    paragraphs = [
        _escaped(" ".join(p.split())) for p in re.split(r"\n\s*\n", text.strip())
    ]
    paragraphs = [p for p in paragraphs if p] or [""]
    paragraphs[-1] = _closing_quote_escaped(paragraphs[-1])
    if len(paragraphs) == 1 and indent + 6 + width(paragraphs[0]) <= LINE_LENGTH:
        return paragraphs[0]
    room = LINE_LENGTH - indent
    lines = _fill(paragraphs[0], room - 3, room)
    if len(paragraphs) == 1 and len(lines) == 1:
        # Fits without its quotes but not with them: two lines at least.
        lines = _fill(paragraphs[0], width(paragraphs[0]) - 1, room)
    body = "\n".join(lines)
    for paragraph in paragraphs[1:]:
        body += "\n\n" + "\n".join(_fill(paragraph, room, room))
    return textwrap.indent(body, " " * indent).lstrip() + "\n" + " " * indent


def _closing_quote_escaped(text: str) -> str:
    """`text` with a final quote escaped, unless it is already: the
    docstring's closing quotes would swallow it."""
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    if text.endswith('"') and backslashes % 2 == 0:
        return text[:-1] + '\\"'
    return text


def _escaped(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cs") else c
        for c in text
    )


def width(text: str) -> int:
    """Columns `text` takes, as ruff counts them."""
    return sum(0 if unicodedata.combining(c) else 2 if _is_wide(c) else 1 for c in text)


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


def _fill(paragraph: str, first_width: int, rest_width: int) -> list[str]:
    """Lines of at most `first_width` columns (the first) and `rest_width`
    (the others); words (identifiers, paths) are never broken, so a word
    longer than a line has a line of its own."""
    lines: list[str] = []
    for word in paragraph.split(" "):
        room = first_width if len(lines) == 1 else rest_width
        if lines and width(lines[-1]) + 1 + width(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


TECHNOLOGY_WORDS = frozenset(
    {
        "aiobotocore",
        "alembic",
        "amqp",
        "boto",
        "boto3",
        "celery",
        "database",
        "db",
        "dishka",
        "elasticsearch",
        "fastapi",
        "graphql",
        "grpc",
        "http",
        "https",
        "httpx",
        "kafka",
        "mariadb",
        "memcached",
        "mongo",
        "mongodb",
        "mysql",
        "orm",
        "postgres",
        "postgresql",
        "pydantic",
        "rabbitmq",
        "redis",
        "rest",
        "restful",
        "s3",
        "sql",
        "sqlalchemy",
        "sqlite",
        "uvicorn",
    }
)
"""Words that name a technology: prose holding one describes an adapter, and
belongs on the adapter, never on a port or an entity."""

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def technology_named(text: str) -> str | None:
    """The first technology word of `text` as written ("SQLAlchemy",
    "HTTP"), or None when it speaks of none."""
    return next(
        (word for word in _WORD.findall(text) if word.lower() in TECHNOLOGY_WORDS),
        None,
    )


def comment_lines(text: str, indent: int) -> list[str]:
    """`text` as the lines of a `# ` comment at `indent`, each fitting the
    line length."""
    return textwrap.wrap(
        " ".join(text.split()),
        width=LINE_LENGTH - indent - 2,
        break_long_words=False,
        break_on_hyphens=False,
    )
