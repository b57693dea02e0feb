/**
 * dataclasses, in Python: @dataclass with init, repr, eq, order, frozen and unsafe_hash, field()
 * with defaults, default factories, repr/compare/init flags, __post_init__, and asdict, astuple,
 * fields, replace, is_dataclass. CPython generates the methods' source and execs it; these are
 * written once and read the class's fields, with the same results and error messages.
 */
export const DATACLASSES = String.raw`
"""dataclasses for scenarios."""

__all__ = ['dataclass', 'field', 'Field', 'FrozenInstanceError', 'InitVar', 'KW_ONLY', 'MISSING',
           'fields', 'asdict', 'astuple', 'make_dataclass', 'replace', 'is_dataclass']


class _MissingType:
    def __repr__(self):
        return 'MISSING'


MISSING = _MissingType()


class KW_ONLY:
    pass


class InitVar:
    def __init__(self, type):
        self.type = type

    def __class_getitem__(cls, type):
        return InitVar(type)


class FrozenInstanceError(AttributeError):
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (f'Field(name={self.name!r},type={self.type!r},default={self.default!r},'
                f'default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},'
                f'hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},'
                f'kw_only={self.kw_only!r},_field_type=_FIELD)')


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata or {}, kw_only)


def _is_classvar(annotation):
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith('typing.ClassVar') or text.startswith('ClassVar')


def _is_initvar(annotation):
    if isinstance(annotation, str):
        return _names(annotation, 'InitVar')
    return isinstance(annotation, InitVar) or annotation is InitVar


def _names(text, name):
    # A string annotation (from __future__ import annotations): CPython's _is_type reads the
    # name it starts with, bare or after 'dataclasses.'; here the name itself is compared.
    text = text.strip()
    if text.startswith('dataclasses.'):
        text = text[len('dataclasses.'):].lstrip()
    if not text.startswith(name):
        return False
    rest = text[len(name):]
    return rest == '' or not (rest[0].isalnum() or rest[0] == '_')


def _is_kw_only(annotation):
    return _names(annotation, 'KW_ONLY') if isinstance(annotation, str) else annotation is KW_ONLY


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only, slots=False, weakref_slot=False):
    all_fields = {}
    for base in reversed(cls.__mro__[1:]):
        base_fields = getattr(base, '__dataclass_fields__', None)
        if base_fields is not None:
            for f in base_fields.values():
                all_fields[f.name] = f
    annotations = cls.__dict__.get('__annotations__', {})
    kw_only_from_here = kw_only
    init_vars = []
    for name, annotation in annotations.items():
        if _is_kw_only(annotation):
            kw_only_from_here = True
            continue
        if _is_classvar(annotation):
            continue
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = field(default=default)
        f.name = name
        f.type = annotation
        if f.kw_only is MISSING:
            f.kw_only = kw_only_from_here
        if _is_initvar(annotation):
            init_vars.append(name)
        if f.default is not MISSING and type(f.default) in (list, dict, set):
            raise ValueError(f'mutable default {type(f.default)} for field {name} is not allowed: use default_factory')
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        all_fields[name] = f
    cls.__dataclass_fields__ = all_fields
    cls.__dataclass_params__ = (init, repr, eq, order, unsafe_hash, frozen)
    real = [f for f in all_fields.values() if f.name not in init_vars]

    if init:
        _add_init(cls, list(all_fields.values()), init_vars, frozen)
    if repr:
        shown = [f for f in real if f.repr]

        def __repr__(self):
            inner = ', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in shown)
            return f'{type(self).__qualname__}({inner})'

        _set(cls, '__repr__', __repr__)
    compared = [f for f in real if f.compare]

    def values(self):
        return tuple(getattr(self, f.name) for f in compared)

    if eq:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        _set(cls, '__eq__', __eq__)
    if order:
        for name, op in (('__lt__', lambda a, b: a < b), ('__le__', lambda a, b: a <= b),
                         ('__gt__', lambda a, b: a > b), ('__ge__', lambda a, b: a >= b)):
            if name in cls.__dict__:
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}. Consider using functools.total_ordering')
            _set(cls, name, _comparison(name, op, values))
    if frozen:
        def __setattr__(self, name, value):
            if type(self) is cls or name in all_fields:
                raise FrozenInstanceError(f"cannot assign to field '{name}'")
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in all_fields:
                raise FrozenInstanceError(f"cannot delete field '{name}'")
            object.__delattr__(self, name)

        _set(cls, '__setattr__', __setattr__)
        _set(cls, '__delattr__', __delattr__)
    hashed = [f for f in real if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash or (eq and frozen):
        def __hash__(self):
            return hash(tuple(getattr(self, f.name) for f in hashed))

        _set(cls, '__hash__', __hash__)
    elif eq and '__hash__' not in cls.__dict__ or cls.__dict__.get('__hash__', 0) is None:
        cls.__hash__ = None
    cls.__match_args__ = tuple(f.name for f in real if f.init and not f.kw_only)
    if slots:
        cls = _add_slots(cls, weakref_slot)
    return cls


def _add_slots(cls, weakref_slot):
    # A class cannot be given __slots__ once made: a new one is made from its namespace.
    if '__slots__' in cls.__dict__:
        raise TypeError(f'{cls.__name__} already specifies __slots__')
    cls_dict = dict(cls.__dict__)
    field_names = tuple(f.name for f in fields(cls))
    inherited_slots = set()
    for base in cls.__mro__[1:-1]:
        found = base.__dict__.get('__slots__')
        if isinstance(found, str):
            inherited_slots.add(found)
        elif found is not None:
            inherited_slots.update(found)
    wanted = field_names + (('__weakref__',) if weakref_slot else ())
    cls_dict['__slots__'] = tuple(name for name in wanted if name not in inherited_slots)
    for name in field_names:
        cls_dict.pop(name, None)
    cls_dict.pop('__dict__', None)
    qualname = getattr(cls, '__qualname__', None)
    cls = type(cls)(cls.__name__, cls.__bases__, cls_dict)
    if qualname is not None:
        cls.__qualname__ = qualname
    return cls


def _comparison(name, op, values):
    def compare(self, other):
        if other.__class__ is self.__class__:
            return op(values(self), values(other))
        return NotImplemented
    compare.__name__ = name
    return compare


def _set(cls, name, fn):
    fn.__qualname__ = f'{cls.__qualname__}.{name}'
    fn.__name__ = name
    setattr(cls, name, fn)


def _add_init(cls, all_fields, init_vars, frozen):
    params = [f for f in all_fields if f.init]
    positional = [f for f in params if not f.kw_only]
    keyword = [f for f in params if f.kw_only]
    seen_default = False
    for f in positional:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f'non-default argument {f.name!r} follows default argument')
    qualname = f'{cls.__qualname__}.__init__'
    has_post_init = hasattr(cls, '__post_init__')

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            n_required = len([f for f in positional if f.default is MISSING and f.default_factory is MISSING])
            if n_required == len(positional):
                takes = f'{len(positional) + 1} positional argument' + ('s' if len(positional) else '')
            else:
                takes = f'from {n_required + 1} to {len(positional) + 1} positional arguments'
            raise TypeError(f'{qualname}() takes {takes} but {len(args) + 1} were given')
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for key in kwargs:
            if key in values:
                raise TypeError(f"{qualname}() got multiple values for argument '{key}'")
            if not any(f.name == key for f in params):
                raise TypeError(f"{qualname}() got an unexpected keyword argument '{key}'")
        values.update(kwargs)
        missing = [f.name for f in positional if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            quoted = [f"'{m}'" for m in missing]
            if len(quoted) == 1:
                listed = quoted[0]
            elif len(quoted) == 2:
                listed = f'{quoted[0]} and {quoted[1]}'
            else:
                listed = ', '.join(quoted[:-1]) + f', and {quoted[-1]}'
            raise TypeError(f"{qualname}() missing {len(missing)} required positional argument{'s' if len(missing) > 1 else ''}: {listed}")
        missing_kw = [f.name for f in keyword if f.name not in values and f.default is MISSING and f.default_factory is MISSING]
        if missing_kw:
            quoted = ', '.join(f"'{m}'" for m in missing_kw)
            raise TypeError(f"{qualname}() missing {len(missing_kw)} required keyword-only argument{'s' if len(missing_kw) > 1 else ''}: {quoted}")
        init_values = []
        for f in all_fields:
            if f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            if f.name in init_vars:
                init_values.append(value)
                continue
            object.__setattr__(self, f.name, value) if frozen else setattr(self, f.name, value)
        if has_post_init:
            self.__post_init__(*init_values)

    _set(cls, '__init__', __init__)


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False, weakref_slot=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only, slots, weakref_slot)
    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        found = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(f for f in found.values() if not _is_initvar(f.type))


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, '__dataclass_fields__')


def _asdict_inner(obj, dict_factory):
    if is_dataclass(obj) and not isinstance(obj, type):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict_inner(v, dict_factory) for v in obj)
    if isinstance(obj, dict):
        return {_asdict_inner(k, dict_factory): _asdict_inner(v, dict_factory) for k, v in obj.items()}
    return obj


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict_inner(obj, dict_factory)


def _astuple_inner(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return tuple(_astuple_inner(getattr(obj, f.name)) for f in fields(obj))
    if isinstance(obj, (list, tuple)):
        return type(obj)(_astuple_inner(v) for v in obj)
    if isinstance(obj, dict):
        return {_astuple_inner(k): _astuple_inner(v) for k, v in obj.items()}
    return obj


def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return tuple_factory(_astuple_inner(obj))


def replace(obj, **changes):
    for f in obj.__dataclass_fields__.values():
        if not f.init:
            if f.name in changes:
                raise ValueError(f'field {f.name} is declared with init=False, it cannot be specified with replace()')
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kwargs):
    ns = dict(namespace or {})
    annotations = {}
    for item in fields:
        if isinstance(item, str):
            annotations[item] = 'typing.Any'
        elif len(item) == 2:
            annotations[item[0]] = item[1]
        else:
            annotations[item[0]] = item[1]
            ns[item[0]] = item[2]
    ns['__annotations__'] = annotations
    cls = type(cls_name, bases or (object,), ns)
    return dataclass(cls, **kwargs)
`;
