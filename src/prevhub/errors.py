"""The one project exception: anything a user can fix, said in words they can act on."""


class PrevhubError(Exception):
    """An error with a message meant for the user (file, line and field where there is one)."""
