"""Problems the person running peacebot can fix; the CLI prints them as one line each."""


class ServiceUnreachable(Exception):
    """Redis or the Bot API server cannot be reached; the message names the setting."""


class UsageProblem(Exception):
    """Something the person running the command can fix; printed as one line, no traceback."""
