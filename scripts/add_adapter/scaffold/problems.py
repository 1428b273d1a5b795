"""Errors in what the user asked for: each names the item and the field."""


class ScaffoldError(Exception):
    """Bad input: nothing is written, and the command exits with status 2.

    `where` locates the problem the way the user wrote it: `--field[2]`, or
    `item[1] (InvoiceRepository): methods[0].return_type`.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message
