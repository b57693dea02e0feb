/** copy, types and textwrap's dedent and indent, in Python. */

export const COPY = String.raw`
"""Shallow and deep copy operations."""


class Error(Exception):
    pass


error = Error


def _is_atomic(x):
    # Immutable values, and functions, classes and modules: copied as themselves.
    return (x is None or isinstance(x, (int, float, str, bytes, range, type, frozenset))
            or type(x).__name__ in ('function', 'builtin_function_or_method', 'module', 'method', 'ellipsis',
                                    'NotImplementedType', 'code', 'property'))


def _new_like(x, state):
    # A new instance of x's class without running __init__, with state as its attributes.
    y = object.__new__(type(x))
    for name, value in state.items():
        object.__setattr__(y, name, value)
    return y


def copy(x):
    """A shallow copy: a new container holding the same items, or a new object with the same attributes."""
    cls = type(x)
    if _is_atomic(x) or cls is tuple:
        return x
    method = getattr(cls, '__copy__', None)
    if method is not None:
        return method(x)
    if cls in (list, dict, set):
        return cls(x)
    if isinstance(x, (list, dict, set)) or cls.__name__ == 'deque':
        return x.copy()
    return _new_like(x, vars(x) if hasattr(x, '__dict__') else {})


def deepcopy(x, memo=None, _nil=[]):
    """A deep copy: containers and objects copied all the way down, shared parts copied once."""
    if memo is None:
        memo = {}
    key = id(x)
    found = memo.get(key, _nil)
    if found is not _nil:
        return found
    cls = type(x)
    if _is_atomic(x):
        return x
    method = getattr(cls, '__deepcopy__', None)
    if method is not None:
        y = method(x, memo)
    elif cls is list:
        y = []
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        # A tuple that holds only what deep-copies to itself is itself (as CPython's copy does).
        if key in memo:
            return memo[key]
        y = x if all(a is b for a, b in zip(items, x)) else tuple(items)
    elif isinstance(x, dict):
        y = x.copy()
        y.clear()
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls in (set, frozenset):
        y = cls(deepcopy(item, memo) for item in x)
    elif cls.__name__ == 'deque':
        y = cls(maxlen=x.maxlen)
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    else:
        y = object.__new__(cls)
        memo[key] = y
        if hasattr(x, '__dict__'):
            for name, value in vars(x).items():
                object.__setattr__(y, name, deepcopy(value, memo))
    memo[key] = y
    # The memo keeps x alive, so its id is not reused while the copy runs.
    memo.setdefault(id(memo), []).append(x)
    return y
`;

export const TYPES = String.raw`
"""Names for the types of built-in objects, and SimpleNamespace."""

import sys as _sys


class SimpleNamespace:
    """An object whose attributes are the keyword arguments it was made with."""

    def __init__(self, mapping=None, /, **kwargs):
        if mapping is not None:
            kwargs = {**dict(mapping), **kwargs}
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __repr__(self):
        items = ', '.join(f'{name}={value!r}' for name, value in vars(self).items())
        return f'namespace({items})'

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return vars(self) == vars(other)
        return NotImplemented


SimpleNamespace.__module__ = 'types'


def _f():
    pass


async def _c():
    pass


def _g():
    yield 1


async def _ag():
    yield 1


FunctionType = LambdaType = type(_f)
_c = _c()
CoroutineType = type(_c)
_c.close()
GeneratorType = type(_g())
AsyncGeneratorType = type(_ag())
BuiltinFunctionType = BuiltinMethodType = type(len)
ModuleType = type(_sys)
NoneType = type(None)
EllipsisType = type(...)
NotImplementedType = type(NotImplemented)
del _f, _c, _g, _ag, _sys
`;

export const TEXTWRAP = String.raw`
"""Text wrapping: dedent and indent."""


def dedent(text):
    """Remove the whitespace that every non-blank line starts with; blank lines become empty."""
    lines = text.split('\n')
    margin = None
    for line in lines:
        stripped = line.lstrip(' \t')
        if not stripped:
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            common = 0
            while common < len(margin) and common < len(indent) and margin[common] == indent[common]:
                common += 1
            margin = margin[:common]
    out = []
    for line in lines:
        if not line.strip(' \t'):
            out.append('')
        elif margin:
            out.append(line[len(margin):])
        else:
            out.append(line)
    return '\n'.join(out)


def indent(text, prefix, predicate=None):
    """Add prefix to the lines that predicate accepts (by default the ones not only whitespace)."""
    if predicate is None:
        predicate = str.strip
    return ''.join(prefix + line if predicate(line) else line for line in text.splitlines(True))
`;
