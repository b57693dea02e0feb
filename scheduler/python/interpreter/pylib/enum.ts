/**
 * enum, in Python: Enum, IntEnum, StrEnum, Flag, IntFlag, auto and unique. The metaclass's part
 * (making the members when the class is made, Color(1), Color['RED'], iterating, len, `in`) is
 * the runtime's EnumType hooks (mod-enum.ts), which call the functions below.
 */
export const ENUM = String.raw`
"""enum for scenarios."""

_auto_null = object()


class auto:
    """auto(): the next value (1, 2, 3... for Enum; the lowercased name for StrEnum)."""

    def __init__(self, value=_auto_null):
        self.value = value

    def __repr__(self):
        return 'auto(%r)' % (self.value,)


def _is_descriptor(obj):
    return (hasattr(obj, '__get__') or hasattr(obj, '__set__') or hasattr(obj, '__delete__')
            or type(obj).__name__ in ('function', 'classmethod', 'staticmethod', 'property', 'builtin_function_or_method'))


def _enum_init(cls):
    """Turn the class's plain attributes into its members (EnumType.__new__)."""
    member_map = {}
    value_map = {}
    names = []
    cls._member_map_ = member_map
    cls._value2member_map_ = value_map
    cls._member_names_ = names
    values = []
    items = [(k, v) for k, v in cls.__dict__.items()
             if not (k.startswith('__') and k.endswith('__')) and not (k.startswith('_') and k.endswith('_'))
             and not _is_descriptor(v) and k not in ('_member_map_', '_value2member_map_', '_member_names_')]
    for name, value in items:
        if isinstance(value, auto):
            if value.value is _auto_null:
                value.value = cls._generate_next_value_(name, 1, len(names), values[:])
            value = value.value
        values.append(value)
        if value in value_map:
            member = value_map[value]
        else:
            member = object.__new__(cls)
            member._name_ = name
            if cls._mixin_ is not None:
                member._value_ = cls._mixin_(*value) if isinstance(value, tuple) else cls._mixin_(value)
            else:
                member._value_ = value
            init = cls.__dict__.get('__init__') or _find_init(cls)
            if init is not None:
                if isinstance(value, tuple):
                    init(member, *value)
                else:
                    init(member, value)
            names.append(name)
            value_map[member._value_] = member
        member_map[name] = member
        _set_member(cls, name, member)
    _set_member(cls, '__members__', dict(member_map))


def _find_init(cls):
    for base in cls.__mro__[1:]:
        if base is Enum or base is object:
            return None
        init = base.__dict__.get('__init__')
        if init is not None:
            return init
    return None


def _enum_lookup(cls, value):
    try:
        return cls._value2member_map_[value]
    except (KeyError, TypeError):
        pass
    result = cls._missing_(value)
    if isinstance(result, cls):
        return result
    raise ValueError(f'{value!r} is not a valid {cls.__qualname__}')


def _enum_functional(cls, name, names, module=None, start=1):
    if isinstance(names, str):
        names = names.replace(',', ' ').split()
    if names and isinstance(names[0], str):
        names = [(n, start + i) for i, n in enumerate(names)]
    elif isinstance(names, dict):
        names = list(names.items())
    ns = {}
    for key, value in names:
        ns[key] = value
    return _enum_class(name, cls, ns)


class Enum(metaclass=EnumType):
    """Generic enumeration: class Color(Enum): RED = 1."""

    _mixin_ = None

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for last in reversed(last_values):
            try:
                return last + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __repr__(self):
        return f'<{type(self).__name__}.{self._name_}: {self._value_!r}>'

    def __str__(self):
        return f'{type(self).__name__}.{self._name_}'

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __dir__(self):
        return ['__class__', '__doc__', '__module__', 'name', 'value']

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_


class _MixinEnum(Enum):
    def __eq__(self, other):
        if isinstance(other, Enum):
            return self is other
        return self._value_ == other

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._value_)

    def __lt__(self, other):
        return self._value_ < (other._value_ if isinstance(other, Enum) else other)

    def __le__(self, other):
        return self._value_ <= (other._value_ if isinstance(other, Enum) else other)

    def __gt__(self, other):
        return self._value_ > (other._value_ if isinstance(other, Enum) else other)

    def __ge__(self, other):
        return self._value_ >= (other._value_ if isinstance(other, Enum) else other)

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        return getattr(self._value_, name)

    def __bool__(self):
        return bool(self._value_)

    def __len__(self):
        return len(self._value_)


class IntEnum(_MixinEnum):
    """An enumeration whose members are also ints."""

    _mixin_ = int

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __add__(self, other):
        return self._value_ + other

    def __radd__(self, other):
        return other + self._value_

    def __sub__(self, other):
        return self._value_ - other

    def __rsub__(self, other):
        return other - self._value_

    def __mul__(self, other):
        return self._value_ * other

    def __rmul__(self, other):
        return other * self._value_

    def __floordiv__(self, other):
        return self._value_ // other

    def __truediv__(self, other):
        return self._value_ / other

    def __mod__(self, other):
        return self._value_ % other

    def __neg__(self):
        return -self._value_

    def __pos__(self):
        return +self._value_

    def __invert__(self):
        return ~self._value_

    def __abs__(self):
        return abs(self._value_)


class StrEnum(_MixinEnum):
    """An enumeration whose members are also strs (auto() gives the lowercased name)."""

    _mixin_ = str

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return self._value_

    def __format__(self, spec):
        return format(self._value_, spec)

    def __add__(self, other):
        return self._value_ + other

    def __radd__(self, other):
        return other + self._value_


class Flag(Enum):
    """Members that combine with |, &, ^ and ~ (auto() gives 1, 2, 4...)."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not last_values:
            return 1
        return 1 << max(last_values).bit_length()

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            return None
        member = object.__new__(cls)
        member._value_ = value
        names = [m._name_ for m in cls if m._value_ & value == m._value_ and m._value_]
        member._name_ = '|'.join(names) if names else None
        cls._value2member_map_[value] = member
        return member

    def __or__(self, other):
        return type(self)(self._value_ | other._value_)

    def __and__(self, other):
        return type(self)(self._value_ & other._value_)

    def __xor__(self, other):
        return type(self)(self._value_ ^ other._value_)

    def __contains__(self, other):
        return other._value_ & self._value_ == other._value_

    def __bool__(self):
        return bool(self._value_)

    def __iter__(self):
        return iter([m for m in type(self) if m._value_ and m._value_ & self._value_ == m._value_])

    def __len__(self):
        return len(list(iter(self)))


class IntFlag(Flag):
    _mixin_ = int

    def __str__(self):
        return str(self._value_)


def unique(enumeration):
    duplicates = [(name, member.name) for name, member in enumeration.__members__.items() if name != member.name]
    if duplicates:
        details = ', '.join(f'{alias} -> {name}' for alias, name in duplicates)
        raise ValueError(f'duplicate values found in {enumeration!r}: {details}')
    return enumeration
`;
