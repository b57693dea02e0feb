/** functools, in Python: partial, wraps, reduce, lru_cache, cache and friends (CPython 3.11's behaviour). */
export const FUNCTOOLS = String.raw`
"""functools for scenarios."""

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__', '__annotations__')
WRAPPER_UPDATES = ('__dict__',)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        for key, value in getattr(wrapped, attr, {}).items():
            setattr(wrapper, key, value)
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


class partial:
    """partial(func, *args, **keywords): a new function with some arguments already given."""

    def __init__(self, *args, **keywords):
        if not args:
            raise TypeError("type 'partial' takes at least one argument")
        func = args[0]
        args = args[1:]
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = tuple(args)
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        return self.func(*self.args, *args, **{**self.keywords, **keywords})

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(x) for x in self.args)
        parts.extend(f"{k}={v!r}" for k, v in self.keywords.items())
        return f"functools.partial({', '.join(parts)})"

    def __get__(self, obj, objtype=None):
        return self


def reduce(function, iterable, *initial):
    if len(initial) > 1:
        raise TypeError(f"reduce expected at most 3 arguments, got {2 + len(initial)}")
    it = iter(iterable)
    if initial:
        value = initial[0]
    else:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    for element in it:
        value = function(value, element)
    return value


def _cache_info_type():
    from collections import namedtuple
    return namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


_CacheInfo = None


class _lru_cache_wrapper:
    def __init__(self, func, maxsize, typed):
        self.__wrapped__ = func
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._hits = 0
        self._misses = 0
        update_wrapper(self, func)

    def _key(self, args, kwds):
        key = args
        if kwds:
            key = key + (_kwd_mark,) + tuple(kwds.items())
        if self._typed:
            key = key + tuple(type(v) for v in args)
            if kwds:
                key = key + tuple(type(v) for v in kwds.values())
        return key

    def __call__(self, *args, **kwds):
        if self._maxsize == 0:
            self._misses += 1
            return self.__wrapped__(*args, **kwds)
        key = self._key(args, kwds)
        if key in self._cache:
            self._hits += 1
            result = self._cache.pop(key)
            self._cache[key] = result
            return result
        self._misses += 1
        result = self.__wrapped__(*args, **kwds)
        self._cache[key] = result
        if self._maxsize is not None and len(self._cache) > self._maxsize:
            del self._cache[next(iter(self._cache))]
        return result

    def cache_info(self):
        global _CacheInfo
        if _CacheInfo is None:
            _CacheInfo = _cache_info_type()
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache = {}
        self._hits = 0
        self._misses = 0

    def cache_parameters(self):
        return {'maxsize': self._maxsize, 'typed': self._typed}

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return partial(self, obj)


class _KeywordMark:
    def __repr__(self):
        return '<kwd_mark>'


_kwd_mark = _KeywordMark()


def lru_cache(maxsize=128, typed=False):
    if isinstance(maxsize, int):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        user_function = maxsize
        return _lru_cache_wrapper(user_function, 128, typed)
    elif maxsize is not None:
        raise TypeError('Expected first argument to be an integer, a callable, or None')

    def decorating_function(user_function):
        return _lru_cache_wrapper(user_function, maxsize, typed)

    return decorating_function


def cache(user_function):
    return lru_cache(maxsize=None)(user_function)


def total_ordering(cls):
    defined = [op for op in ('__lt__', '__le__', '__gt__', '__ge__') if op in cls.__dict__]
    if not defined:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = defined[0]

    def lt_from_root(self, other):
        return getattr(self, root)(other)

    def flip(op):
        def method(self, other):
            result = getattr(self, root)(other)
            if result is NotImplemented:
                return result
            if op == 'not':
                return not result
            if op == 'or-eq':
                return result or self == other
            return not result and self != other
        return method

    table = {
        '__lt__': {'__gt__': flip('and-ne'), '__le__': flip('or-eq'), '__ge__': flip('not')},
        '__le__': {'__ge__': flip('not-or-eq'), '__lt__': flip('and-ne'), '__gt__': flip('not')},
        '__gt__': {'__lt__': flip('and-ne'), '__ge__': flip('or-eq'), '__le__': flip('not')},
        '__ge__': {'__le__': flip('not-or-eq'), '__gt__': flip('and-ne'), '__lt__': flip('not')},
    }
    for name, method in table[root].items():
        if name not in defined:
            method.__name__ = name
            setattr(cls, name, method)
    return cls


def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None

    return K


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.func(instance)
        setattr(instance, self.attrname, value)
        return value


class _MappingProxy:
    """The read-only view of a dict that singledispatch's registry is (types.MappingProxyType)."""

    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return self._mapping[key]

    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def __repr__(self):
        return f'mappingproxy({self._mapping!r})'


_MappingProxy.__name__ = _MappingProxy.__qualname__ = 'mappingproxy'


# What a string annotation (under from __future__ import annotations) can name: the builtin
# classes (CPython evaluates it in the function's globals, which scenarios cannot reach here).
_BUILTIN_CLASSES = {c.__name__: c for c in (int, float, str, bytes, bool, list, tuple, dict, set,
                                            frozenset, object, type, range, BaseException, Exception)}


_BT = chr(96)  # a backtick, which this TypeScript template cannot hold


def _is_union_type(cls):
    return type(cls).__name__ in ('UnionType', '_UnionGenericAlias')


def _is_valid_dispatch_type(cls):
    if isinstance(cls, type):
        return True
    return _is_union_type(cls) and all(isinstance(arg, type) for arg in cls.__args__)


def singledispatch(func):
    """A generic function that picks an implementation by the class of its first argument."""
    registry = {}
    dispatch_cache = {}

    def dispatch(cls):
        try:
            return dispatch_cache[cls]
        except KeyError:
            pass
        impl = None
        for base in cls.__mro__:
            if base in registry:
                impl = registry[base]
                break
        if impl is None:
            impl = registry[object]
        dispatch_cache[cls] = impl
        return impl

    def register(cls, func=None):
        if _is_valid_dispatch_type(cls):
            if func is None:
                return lambda f: register(cls, f)
        else:
            if func is not None:
                raise TypeError(f"Invalid first argument to {_BT}register(){_BT}. {cls!r} is not a class or union type.")
            ann = getattr(cls, '__annotations__', {})
            if not ann:
                raise TypeError(f"Invalid first argument to {_BT}register(){_BT}: {cls!r}. Use either {_BT}@register(some_class){_BT} or plain {_BT}@register{_BT} on an annotated function.")
            func = cls
            argname, cls = next(iter(ann.items()))
            if isinstance(cls, str):
                cls = _BUILTIN_CLASSES.get(cls, cls)
            if not _is_valid_dispatch_type(cls):
                if _is_union_type(cls):
                    raise TypeError(f"Invalid annotation for {argname!r}. {cls!r} not all arguments are classes.")
                raise TypeError(f"Invalid annotation for {argname!r}. {cls!r} is not a class.")
        if _is_union_type(cls):
            for arg in cls.__args__:
                registry[arg] = func
        else:
            registry[cls] = func
        dispatch_cache.clear()
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(f'{funcname} requires at least 1 positional argument')
        return dispatch(args[0].__class__)(*args, **kw)

    funcname = getattr(func, '__name__', 'singledispatch function')
    registry[object] = func
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = _MappingProxy(registry)
    wrapper._clear_cache = dispatch_cache.clear
    update_wrapper(wrapper, func)
    return wrapper


class singledispatchmethod:
    """A method that picks an implementation by the class of its first argument after self."""

    def __init__(self, func):
        if not callable(func) and not hasattr(func, "__get__"):
            raise TypeError(f"{func!r} is not callable or a descriptor")
        self.dispatcher = singledispatch(func)
        self.func = func

    def register(self, cls, method=None):
        return self.dispatcher.register(cls, func=method)

    def __get__(self, obj, cls=None):
        def _method(*args, **kwargs):
            method = self.dispatcher.dispatch(args[0].__class__)
            if obj is None:
                return method(*args, **kwargs)
            return method(obj, *args, **kwargs)

        _method.register = self.register
        update_wrapper(_method, self.func)
        return _method
`;
