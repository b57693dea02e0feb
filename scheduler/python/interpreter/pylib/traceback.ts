/** traceback's Python half (mod-traceback.ts gives it the text of an exception). */
export const TRACEBACK = String.raw`
"""Print or retrieve an exception's traceback."""

import sys

_NOT_GIVEN = object()


def _exception(exc, value):
    # format_exception(exc) (3.10+) or format_exception(etype, value, tb): the exception is value.
    return exc if value is _NOT_GIVEN else value


def format_exception(exc, /, value=_NOT_GIVEN, tb=_NOT_GIVEN, limit=None, chain=True):
    """The traceback and the exception, as a list of lines each ending in a newline."""
    return _format(_exception(exc, value))


def format_exception_only(exc, /, value=_NOT_GIVEN):
    """The exception's own lines, without the traceback."""
    return _format_only(_exception(exc, value))


def print_exception(exc, /, value=_NOT_GIVEN, tb=_NOT_GIVEN, limit=None, file=None, chain=True):
    """Print the traceback and the exception to file (sys.stderr by default)."""
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(line, file=file, end='')


def format_exc(limit=None, chain=True):
    """format_exception of the exception being handled, as one string."""
    return ''.join(format_exception(sys.exc_info()[1], limit=limit, chain=chain))


def print_exc(limit=None, file=None, chain=True):
    """print_exception of the exception being handled."""
    print_exception(sys.exc_info()[1], limit=limit, file=file, chain=chain)
`;
