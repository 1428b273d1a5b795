"""Errors of `new` and `update`: each is one line for the user."""


class ServiceBaseError(Exception):
    """A command cannot go on; the message says why and what to do."""


class DemoManifestError(ServiceBaseError):
    """demo.toml, or a region marker in a file, is malformed."""


class GitError(ServiceBaseError):
    """A git command failed."""
