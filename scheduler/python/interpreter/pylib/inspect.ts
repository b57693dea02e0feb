/** inspect, in Python: what kind of callable or object something is (mod-inspect.ts gives _kind). */
export const INSPECT = String.raw`
"""Get useful information from live Python objects: the checks asyncio code branches on."""

import functools as _functools
import types as _types
from asyncio import Future as _Future


def _function_kind(obj):
    # The kind of code behind obj ('sync', 'gen', 'async', 'asyncgen', 'lambda'), past partials
    # and bound methods, or None when obj is not a Python function.
    while isinstance(obj, _functools.partial):
        obj = obj.func
    if ismethod(obj):
        obj = obj.__func__
    return _kind(obj)


def iscoroutinefunction(obj):
    return _function_kind(obj) == 'async'


def isgeneratorfunction(obj):
    return _function_kind(obj) == 'gen'


def isasyncgenfunction(obj):
    return _function_kind(obj) == 'asyncgen'


def isfunction(obj):
    return isinstance(obj, _types.FunctionType)


def ismethod(obj):
    return type(obj).__name__ == 'method'


def isbuiltin(obj):
    return isinstance(obj, _types.BuiltinFunctionType)


def isroutine(obj):
    return isfunction(obj) or ismethod(obj) or isbuiltin(obj)


def isclass(obj):
    return isinstance(obj, type)


def ismodule(obj):
    return isinstance(obj, _types.ModuleType)


def iscoroutine(obj):
    return isinstance(obj, _types.CoroutineType)


def isgenerator(obj):
    return isinstance(obj, _types.GeneratorType)


def isasyncgen(obj):
    return isinstance(obj, _types.AsyncGeneratorType)


def isawaitable(obj):
    return iscoroutine(obj) or isinstance(obj, _Future) or (not isclass(obj) and hasattr(type(obj), '__await__'))


def cleandoc(doc):
    """A docstring without the indentation of its second and later lines, and blank edges."""
    lines = doc.expandtabs().split('\n')
    margin = None
    for line in lines[1:]:
        content = len(line.lstrip())
        if content:
            indent = len(line) - content
            margin = indent if margin is None else min(margin, indent)
    lines[0] = lines[0].lstrip()
    if margin is not None:
        lines[1:] = [line[margin:] for line in lines[1:]]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return '\n'.join(lines)


def getdoc(obj):
    doc = getattr(obj, '__doc__', None)
    return None if not isinstance(doc, str) else cleandoc(doc)
`;
