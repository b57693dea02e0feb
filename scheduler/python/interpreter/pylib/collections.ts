/**
 * collections, in Python: namedtuple, deque, Counter, defaultdict, OrderedDict, ChainMap.
 *
 * The interpreter does not let classes derive from the builtin dict, list and tuple, so these are
 * classes of their own that behave as those subclasses do (same methods, printed forms and
 * errors); isinstance(Counter(), dict) is False here, the one visible difference.
 */
export const COLLECTIONS = String.raw`
"""collections for scenarios."""

import sys as _sys

__all__ = ['ChainMap', 'Counter', 'OrderedDict', 'UserDict', 'UserList', 'UserString',
           'defaultdict', 'deque', 'namedtuple']


class _Mapping:
    """What Counter, defaultdict and OrderedDict share: a dict inside, the mapping methods outside."""

    def __init__(self, *args, **kwargs):
        self._data = {}
        if len(args) > 1:
            raise TypeError(f'expected at most 1 argument, got {len(args)}')
        self.update(*args, **kwargs)

    def __getitem__(self, key):
        if key in self._data:
            return self._data[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __bool__(self):
        return bool(self._data)

    def __eq__(self, other):
        if isinstance(other, _Mapping):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__ = None

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def get(self, key, default=None):
        return self._data.get(key, default)

    def pop(self, key, *default):
        return self._data.pop(key, *default)

    def popitem(self):
        return self._data.popitem()

    def setdefault(self, key, default=None):
        return self._data.setdefault(key, default)

    def update(self, *args, **kwargs):
        if args:
            other = args[0]
            if isinstance(other, _Mapping):
                other = other._data
            self._data.update(other)
        self._data.update(kwargs)

    def clear(self):
        self._data.clear()

    def copy(self):
        new = type(self).__new_empty__(self)
        new._data = dict(self._data)
        return new

    def __new_empty__(self):
        return type(self)()

    @classmethod
    def fromkeys(cls, iterable, value=None):
        new = cls()
        for key in iterable:
            new[key] = value
        return new

    def __or__(self, other):
        new = self.copy()
        new.update(other)
        return new


class defaultdict(_Mapping):
    """defaultdict(default_factory=None, /, [...]): missing keys get default_factory()."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        self.default_factory = default_factory
        _Mapping.__init__(self, *args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._data[key] = value
        return value

    def __new_empty__(self):
        return defaultdict(self.default_factory)

    def __repr__(self):
        factory = 'None' if self.default_factory is None else repr(self.default_factory)
        return f'defaultdict({factory}, {self._data!r})'


class OrderedDict(_Mapping):
    """A dict that remembers insertion order, with move_to_end() and popitem(last=...)."""

    def move_to_end(self, key, last=True):
        value = self._data.pop(key)
        if last:
            self._data[key] = value
        else:
            rest = self._data
            self._data = {key: value}
            self._data.update(rest)

    def popitem(self, last=True):
        if not self._data:
            raise KeyError('dictionary is empty')
        key = next(reversed(list(self._data))) if last else next(iter(self._data))
        return key, self._data.pop(key)

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self._data.items()) == list(other._data.items())
        return _Mapping.__eq__(self, other)

    def __repr__(self):
        if not self._data:
            return 'OrderedDict()'
        return f'OrderedDict({list(self._data.items())!r})'


class Counter(_Mapping):
    """Counter(iterable or mapping): a count for each element; missing elements count 0."""

    def __missing__(self, key):
        return 0

    def update(self, *args, **kwargs):
        if len(args) > 1:
            raise TypeError(f'expected at most 1 argument, got {len(args)}')
        if args:
            iterable = args[0]
            if isinstance(iterable, (_Mapping, dict)):
                for elem, count in iterable.items():
                    self._data[elem] = self._data.get(elem, 0) + count
            elif iterable is not None:
                for elem in iterable:
                    self._data[elem] = self._data.get(elem, 0) + 1
        if kwargs:
            self.update(kwargs)

    def subtract(self, *args, **kwargs):
        if args:
            iterable = args[0]
            if isinstance(iterable, (_Mapping, dict)):
                for elem, count in iterable.items():
                    self._data[elem] = self._data.get(elem, 0) - count
            else:
                for elem in iterable:
                    self._data[elem] = self._data.get(elem, 0) - 1
        if kwargs:
            self.subtract(kwargs)

    def most_common(self, n=None):
        ordered = sorted(self._data.items(), key=lambda item: item[1], reverse=True)
        return ordered if n is None else ordered[:n]

    def elements(self):
        for elem, count in self._data.items():
            for _ in range(count):
                yield elem

    def total(self):
        return sum(self._data.values())

    def __delitem__(self, key):
        if key in self._data:
            del self._data[key]

    def __repr__(self):
        if not self._data:
            return f'{type(self).__name__}()'
        items = ', '.join(f'{k!r}: {v!r}' for k, v in self.most_common())
        return f'{type(self).__name__}({{{items}}})'

    def _combine(self, other, op, keep):
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self._data.items():
            value = op(count, other[elem])
            if keep(value):
                result._data[elem] = value
        for elem, count in other._data.items():
            if elem not in self._data:
                value = op(0, count)
                if keep(value):
                    result._data[elem] = value
        return result

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError('Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')

    def __pos__(self):
        result = Counter()
        for elem, count in self._data.items():
            if count > 0:
                result._data[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self._data.items():
            if count < 0:
                result._data[elem] = 0 - count
        return result

    def __add__(self, other):
        return self._combine(other, lambda a, b: a + b, lambda v: v > 0)

    def __sub__(self, other):
        return self._combine(other, lambda a, b: a - b, lambda v: v > 0)

    def __or__(self, other):
        return self._combine(other, max, lambda v: v > 0)

    def __and__(self, other):
        return self._combine(other, min, lambda v: v > 0)


class _DequeIterator:
    def __init__(self, d):
        self._d = d
        self._i = 0
        self._version = d._version

    def __iter__(self):
        return self

    def __next__(self):
        if self._d._version != self._version:
            raise RuntimeError('deque mutated during iteration')
        if self._i >= len(self._d._items):
            raise StopIteration
        item = self._d._items[self._i]
        self._i += 1
        return item


class deque:
    """deque([iterable[, maxlen]]): a double-ended queue, bounded when maxlen is given."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._items = []
        self._version = 0
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _changed(self):
        self._version += 1

    def append(self, x):
        self._items.append(x)
        if self._maxlen is not None and len(self._items) > self._maxlen:
            del self._items[0]
        self._changed()

    def appendleft(self, x):
        self._items.insert(0, x)
        if self._maxlen is not None and len(self._items) > self._maxlen:
            self._items.pop()
        self._changed()

    def pop(self):
        if not self._items:
            raise IndexError('pop from an empty deque')
        self._changed()
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError('pop from an empty deque')
        self._changed()
        return self._items.pop(0)

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._items = []
        self._changed()

    def copy(self):
        return deque(self._items, self._maxlen)

    def count(self, x):
        return self._items.count(x)

    def index(self, x, *args):
        try:
            return self._items.index(x, *args)
        except ValueError:
            raise ValueError(f'{x!r} is not in deque') from None

    def insert(self, i, x):
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._items.insert(i, x)
        self._changed()

    def remove(self, value):
        try:
            self._items.remove(value)
        except ValueError:
            raise ValueError(f'{value!r} is not in deque') from None
        self._changed()

    def reverse(self):
        self._items.reverse()
        self._changed()

    def rotate(self, n=1):
        if self._items:
            n = n % len(self._items)
            if n:
                self._items = self._items[-n:] + self._items[:-n]
        self._changed()

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __iter__(self):
        return _DequeIterator(self)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, x):
        return x in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError('sequence index must be integer, not \'slice\'')
        try:
            return self._items[i]
        except IndexError:
            raise IndexError('deque index out of range') from None

    def __setitem__(self, i, value):
        try:
            self._items[i] = value
        except IndexError:
            raise IndexError('deque index out of range') from None

    def __delitem__(self, i):
        try:
            del self._items[i]
        except IndexError:
            raise IndexError('deque index out of range') from None
        self._changed()

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items == other._items

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        return deque(self._items + other._items, self._maxlen)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __repr__(self):
        if self._maxlen is None:
            return f'deque({self._items!r})'
        return f'deque({self._items!r}, maxlen={self._maxlen})'


class ChainMap:
    """ChainMap(*maps): one view of several mappings, searched in order."""

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        del self.maps[0][key]

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        seen = {}
        for mapping in reversed(self.maps):
            for key in mapping:
                seen[key] = None
        return iter(seen)

    def keys(self):
        return list(self)

    def items(self):
        return [(k, self[k]) for k in self]

    def values(self):
        return [self[k] for k in self]

    def new_child(self, m=None):
        return ChainMap({} if m is None else m, *self.maps)

    @property
    def parents(self):
        return ChainMap(*self.maps[1:])

    def __repr__(self):
        return f"ChainMap({', '.join(map(repr, self.maps))})"


class _NamedTupleBase:
    _fields = ()
    _field_defaults = {}

    def __init__(self, *args, **kwargs):
        cls = type(self)
        fields = cls._fields
        name = f'{cls.__name__}.__new__()'
        if len(args) > len(fields):
            raise TypeError(f'{name} takes {len(fields) + 1} positional arguments but {len(args) + 1} were given')
        values = list(args)
        for field in fields[len(args):]:
            if field in kwargs:
                values.append(kwargs.pop(field))
            elif field in cls._field_defaults:
                values.append(cls._field_defaults[field])
            else:
                missing = [f for f in fields[len(values):] if f not in kwargs and f not in cls._field_defaults]
                quoted = [f"'{f}'" for f in missing]
                if len(quoted) == 1:
                    listed = quoted[0]
                elif len(quoted) == 2:
                    listed = f'{quoted[0]} and {quoted[1]}'
                else:
                    listed = ', '.join(quoted[:-1]) + f', and {quoted[-1]}'
                plural = 's' if len(missing) > 1 else ''
                raise TypeError(f'{name} missing {len(missing)} required positional argument{plural}: {listed}')
        for key in kwargs:
            if key in fields:
                raise TypeError(f"{name} got multiple values for argument '{key}'")
            raise TypeError(f"{name} got an unexpected keyword argument '{key}'")
        self._values = tuple(values)

    @classmethod
    def _make(cls, iterable):
        return cls(*iterable)

    def _asdict(self):
        return dict(zip(type(self)._fields, self._values))

    def _replace(self, **kwargs):
        values = [kwargs.pop(f, v) for f, v in zip(type(self)._fields, self._values)]
        if kwargs:
            raise ValueError(f'Got unexpected field names: {list(kwargs)!r}')
        return type(self)(*values)

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, i):
        return self._values[i]

    def __contains__(self, x):
        return x in self._values

    def __eq__(self, other):
        if isinstance(other, _NamedTupleBase):
            return self._values == other._values
        if isinstance(other, tuple):
            return self._values == other
        return NotImplemented

    def __lt__(self, other):
        return self._values < tuple(other)

    def __le__(self, other):
        return self._values <= tuple(other)

    def __gt__(self, other):
        return self._values > tuple(other)

    def __ge__(self, other):
        return self._values >= tuple(other)

    def __hash__(self):
        return hash(self._values)

    def __add__(self, other):
        return self._values + tuple(other)

    def count(self, x):
        return self._values.count(x)

    def index(self, x):
        return self._values.index(x)

    def __repr__(self):
        inner = ', '.join(f'{f}={v!r}' for f, v in zip(type(self)._fields, self._values))
        return f'{type(self).__name__}({inner})'


def _field_getter(index, name):
    def get(self):
        return self._values[index]

    def refuse(self, value):
        raise AttributeError("can't set attribute")

    return property(get, refuse)


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """A tuple-like class with named fields: namedtuple('Point', 'x y') or ['x', 'y']."""
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    fields = tuple(str(f) for f in field_names)
    for name in (typename, *fields):
        if not name.isidentifier():
            raise ValueError(f'Type names and field names must be valid identifiers: {name!r}')
    seen = set()
    for name in fields:
        if name.startswith('_'):
            raise ValueError(f'Field names cannot start with an underscore: {name!r}')
        if name in seen:
            raise ValueError(f'Encountered duplicate field name: {name!r}')
        seen.add(name)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(fields):
            raise TypeError('Got more default values than field names')
        field_defaults = dict(zip(fields[len(fields) - len(defaults):], defaults))

    class _Tuple(_NamedTupleBase):
        pass

    _Tuple._fields = fields
    _Tuple._field_defaults = field_defaults
    _Tuple.__match_args__ = fields
    for index, name in enumerate(fields):
        setattr(_Tuple, name, _field_getter(index, name))
    _Tuple.__name__ = typename
    _Tuple.__qualname__ = typename
    _Tuple.__module__ = '__main__' if module is None else module
    return _Tuple
`;
