"""The user's prose in generated code: docstrings and comments wrapped to the
project's line length (words are never cut, and never dropped), and the
words that mark a text as being about a technology, which the domain and
application layers must not speak of."""

import re
import textwrap

LINE_LENGTH = 88
"""The project's ruff line length: every generated line fits it."""


def format_docstring(text: str, indent: int) -> str:
    """The inside of a docstring at `indent`, wrapped to the line length:
    paragraphs (separated by blank lines) are filled, and a text that fits on
    one line with its quotes stays on one line. One that does not is wrapped
    onto two lines at least: ruff format would join a single line with its
    closing quotes. Quotes and backslashes that would end the string early
    are escaped."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    if indent + 6 + len(text) <= LINE_LENGTH and "\n" not in text:
        return text
    width = LINE_LENGTH - indent
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    lines = _fill(paragraphs[0], width - 3, width)
    if len(paragraphs) == 1 and len(lines) == 1:
        lines = _fill(paragraphs[0], len(paragraphs[0]) - 1, len(paragraphs[0]) - 1)
    body = "\n".join(lines)
    for paragraph in paragraphs[1:]:
        body += "\n\n" + "\n".join(_fill(paragraph, width, width))
    return textwrap.indent(body, " " * indent).lstrip() + "\n" + " " * indent


def _fill(paragraph: str, first_width: int, width: int) -> list[str]:
    """Lines of at most `first_width` (the first) and `width` (the others);
    words (identifiers, paths) are never broken."""
    first = textwrap.wrap(
        paragraph, width=first_width, break_long_words=False, break_on_hyphens=False
    )
    if len(first) <= 1:
        return first
    rest = paragraph[len(first[0]) :].strip()
    return [
        first[0],
        *textwrap.wrap(
            rest, width=width, break_long_words=False, break_on_hyphens=False
        ),
    ]


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
