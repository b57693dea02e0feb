/**
 * typing, in Python: the names annotations use, subscriptable and printed as CPython 3.11
 * prints them (`typing.Optional[int]`), Generic and Protocol bases, TypeVar, NamedTuple and
 * TypedDict classes, cast. Nothing is checked at run time, as in CPython.
 */
export const TYPING = String.raw`
"""typing for scenarios."""

from collections import namedtuple as _namedtuple

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return f'{obj.__module__}.{obj.__qualname__}'
    if obj is ...:
        return '...'
    if obj is None:
        return 'None'
    return repr(obj)


def _params(params):
    if not isinstance(params, tuple):
        params = (params,)
    return tuple(type(None) if p is None else p for p in params)


class _GenericAlias:
    def __init__(self, origin, args, name, call=None):
        self.__origin__ = origin
        self.__args__ = args
        self._name = name
        self._call = call

    def __repr__(self):
        if self._name == 'Optional':
            return f'typing.Optional[{_type_repr(self.__args__[0])}]'
        if self._name == 'Callable' and self.__args__:
            *params, result = self.__args__
            if params == [...]:
                head = '...'
            else:
                head = '[' + ', '.join(_type_repr(a) for a in params) + ']'
            return f'typing.Callable[{head}, {_type_repr(result)}]'
        args = ', '.join(_type_repr(a) for a in self.__args__)
        prefix = self._name if '.' in self._name else f'typing.{self._name}'
        return f'{prefix}[{args}]' if self.__args__ else prefix

    def __getitem__(self, params):
        if self._name == 'Callable' and isinstance(params, tuple) and len(params) == 2 and isinstance(params[0], list):
            return _GenericAlias(self.__origin__, (*_params(tuple(params[0])), *_params(params[1])), self._name, self._call)
        return _GenericAlias(self.__origin__, _params(params), self._name, self._call)

    def __call__(self, *args, **kwargs):
        if self._call is None:
            raise TypeError(f'Type {self._name} cannot be instantiated; use {self._name.lower()}() instead')
        return self._call(*args, **kwargs)

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]


class _SpecialForm:
    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __repr__(self):
        return f'typing.{self._name}'

    def __getitem__(self, params):
        if self._getitem is None:
            raise TypeError(f'{self} is not subscriptable')
        return self._getitem(params)

    def __call__(self, *args, **kwargs):
        raise TypeError(f'Cannot instantiate {self!r}')

    def __or__(self, other):
        return Union[self, other]


def _union(params):
    params = _params(params)
    flat = []
    for p in params:
        if isinstance(p, _GenericAlias) and p._name in ('Union', 'Optional'):
            items = p.__args__
        else:
            items = (p,)
        for q in items:
            if q not in flat:
                flat.append(q)
    if len(flat) == 1:
        return flat[0]
    if len(flat) == 2 and type(None) in flat:
        other = flat[0] if flat[1] is type(None) else flat[1]
        alias = _GenericAlias(Union, (other, type(None)), 'Optional')
        return alias
    return _GenericAlias(Union, tuple(flat), 'Union')


def _optional(params):
    return _union((params, None))


Any = _SpecialForm('Any')
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
Union = _SpecialForm('Union', _union)
Optional = _SpecialForm('Optional', _optional)
ClassVar = _SpecialForm('ClassVar', lambda p: _GenericAlias(ClassVar, _params(p), 'ClassVar'))
Final = _SpecialForm('Final', lambda p: _GenericAlias(Final, _params(p), 'Final'))
Literal = _SpecialForm('Literal', lambda p: _GenericAlias(Literal, p if isinstance(p, tuple) else (p,), 'Literal'))
Annotated = _SpecialForm('Annotated', lambda p: _GenericAlias(Annotated, p, 'Annotated'))


def _alias(origin, name, call=None):
    return _GenericAlias(origin, (), name, call)


List = _alias(list, 'List')
Dict = _alias(dict, 'Dict')
Set = _alias(set, 'Set')
FrozenSet = _alias(frozenset, 'FrozenSet')
Tuple = _alias(tuple, 'Tuple')
Type = _alias(type, 'Type')
Callable = _alias(object, 'Callable')
Awaitable = _alias(object, 'Awaitable')
Coroutine = _alias(object, 'Coroutine')
AsyncIterable = _alias(object, 'AsyncIterable')
AsyncIterator = _alias(object, 'AsyncIterator')
AsyncGenerator = _alias(object, 'AsyncGenerator')
Iterable = _alias(object, 'Iterable')
Iterator = _alias(object, 'Iterator')
Generator = _alias(object, 'Generator')
Sequence = _alias(object, 'Sequence')
MutableSequence = _alias(object, 'MutableSequence')
Mapping = _alias(object, 'Mapping')
MutableMapping = _alias(object, 'MutableMapping')
Hashable = _alias(object, 'Hashable')
Sized = _alias(object, 'Sized')
Collection = _alias(object, 'Collection')
Container = _alias(object, 'Container')
Reversible = _alias(object, 'Reversible')
AbstractSet = _alias(object, 'AbstractSet')
ContextManager = _alias(object, 'ContextManager')
AsyncContextManager = _alias(object, 'AsyncContextManager')
Text = str
AnyStr = None


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = '+' if self.__covariant__ else '-' if self.__contravariant__ else '~'
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]


AnyStr = TypeVar('AnyStr', bytes, str)


class ParamSpec:
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        self.__name__ = name

    def __repr__(self):
        return '~' + self.__name__


class Generic:
    """Generic[T]: a class with type parameters; Stack[int] is the class itself at run time."""

    def __class_getitem__(cls, params):
        if cls is Generic:
            return _GenericAlias(Generic, _params(params), 'Generic')
        return _GenericAlias(cls, _params(params), f'{cls.__module__}.{cls.__qualname__}', cls)


class Protocol(Generic):
    pass


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def runtime_checkable(cls):
    return cls


def no_type_check(arg):
    return arg


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    return dict(getattr(obj, '__annotations__', {}))


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


class NamedTuple:
    """class Point(NamedTuple): x: int; y: int = 0  -- a namedtuple with those fields."""

    def __init_subclass__(cls):
        raise TypeError('NamedTuple classes are made by the class statement')


def _make_namedtuple_class(name, annotations, namespace, module):
    fields = list(annotations)
    defaults = [namespace[f] for f in fields if f in namespace]
    base = _namedtuple(name, fields, defaults=defaults or None, module=module)
    for key, value in namespace.items():
        if key not in fields and not key.startswith('__'):
            setattr(base, key, value)
    # typing's _type_check: a string annotation (from __future__ import annotations) is a ForwardRef.
    base.__annotations__ = {k: ForwardRef(v) if isinstance(v, str) else v for k, v in annotations.items()}
    return base


class ForwardRef:
    """A type named by a string, not evaluated."""

    def __init__(self, arg, is_argument=True, module=None, *, is_class=False):
        if not isinstance(arg, str):
            raise TypeError(f"Forward reference must be a string -- got {arg!r}")
        self.__forward_arg__ = arg
        self.__forward_evaluated__ = False
        self.__forward_value__ = None
        self.__forward_module__ = module

    def __eq__(self, other):
        if not isinstance(other, ForwardRef):
            return NotImplemented
        return self.__forward_arg__ == other.__forward_arg__ and self.__forward_module__ == other.__forward_module__

    def __hash__(self):
        return hash((self.__forward_arg__, self.__forward_module__))

    def __repr__(self):
        module = '' if self.__forward_module__ is None else f', module={self.__forward_module__!r}'
        return f'ForwardRef({self.__forward_arg__!r}{module})'


class TypedDict:
    """class Movie(TypedDict): name: str  -- Movie(name=...) makes a plain dict."""

    def __init_subclass__(cls, total=True):
        pass

    def __new_dict__(cls, *args, **kwargs):
        return dict(*args, **kwargs)
`;
