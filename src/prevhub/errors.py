"""The one project exception: anything a user can fix, said in words they can act on."""


class PrevhubError(Exception):
    """An error with a message meant for the user (file, line and field where there is one)."""


class StoreBusyError(PrevhubError):
    """The crime store cannot be opened now because someone else is using it; try again soon.

    A page can say "being updated, try again in a minute" instead of a failure.
    """
