/**
 * Table of small scenarios, by topic, whose transcripts must equal CPython's line for line.
 * fixtures/expected.json holds what `python3 tools/cpython_reference.py` printed for each one;
 * regenerate it with `npx tsx tests/python/interpreter/gen-expected.ts` after adding cases.
 *
 * Cases print with `repr`/`str`/f-strings so that every value format is compared exactly.
 */

export type CaseTable = Record<string, string>;

const values: CaseTable = {
  ints: `
print(0, 1, -1, 42, 10**20, -2**70, 2**53 + 1, 0x_ff, 1_000_000, 0o17, 0b101)
print(repr(7), str(-0), int('  12  '), int('-0x1f', 16), int('0b101', 0), int(3.99), int(-3.99), int(True))
`,
  floats: `
print(1.0, 0.1, 1e-05, 1e16, 1e22, 123456789.0, 1.5e300, -0.0, 0.1 + 0.2, 1/3, 2/3, 10/4, 1e-7, 5e-324)
print(float('inf'), float('-inf'), float('nan'), float(' 1_0.5e1 '), float('.5'), float('1.'), float(7))
print(repr(3.0), str(2.5), 1.0 == 1, 0.5 + 0.25, 3 * 0.1, 100.0 / 3.0, 2 ** 0.5, 4 ** 0.5)
`,
  strings: `
print('a', repr('a'), repr("it's"), repr('say "hi"'), repr('both \\' and "'), repr('tab\\tnl\\n'), repr('é\\x00\\x7f\\u2028'))
print(repr(''), repr('\\\\'), ascii('é'), len('héllo'), len('😀'), '😀'[0], 'abc'[::-1], 'hello'[1:3])
`,
  containers: `
print(None, True, False, [1, 'a', None], (1,), (), (1, 2), {'a': 1, 2: [3]}, set(), {1, 2, 3}, frozenset())
print([1.5, 2.0], {1: 1.0}, (0.1 + 0.2,), [[]], [()], {(): {}}, [1, [2, [3, [4]]]])
x = [1]
x.append(x)
d = {}
d['self'] = d
print(x, d)
`,
  objects_and_types: `
print(int, float, str, bool, list, dict, ValueError, object, type, type(1), type(None))
print(type(1).__name__, type(1.0).__name__, type('').__name__, type(None).__name__, type([]).__name__, type(()).__name__)
print(type({}).__name__, type(set()).__name__, type(range(1)).__name__, type(len).__name__, type(print).__name__ in ('builtin_function_or_method', 'function'))
print(range(5), range(1, 10, 2), range(0, -5, -1), list(range(3)), slice(1, 2))
def f(): pass
class C: pass
print(f.__name__, C.__name__, C.__qualname__, type(C()).__name__, type(f).__name__)
`,
  exceptions_repr: `
print(str(ValueError('boom')), repr(ValueError('boom')), repr(ValueError()), repr(ValueError('a', 2)), str(ValueError('a', 2)))
print(repr(KeyError('k')), str(KeyError('k')), str(KeyError(1)), str(KeyError()), repr(TypeError("x")))
print(repr(ExceptionGroup('eg', [ValueError(1), TypeError('t')])), str(ExceptionGroup('eg', [ValueError(1)])))
print(str(ExceptionGroup('two', [ValueError(1), ValueError(2)])), ValueError('x').args, repr(Exception(None)))
`,
  fstrings: `
x = 5
name = "ada"
print(f"{x=} {x!r} {name!r} {name!s} {x:>{x}}|{name:^9}|{name:*<6}|")
print(f"{3.14159:.2f} {42:5d}| {42:<5}| {'x':^5}| {1234567:,} {0.5:%} {255:x} {255:#o} {7:08.3f} {-3:+d} {1e10:g} {12.0:e}")
print(f"{1234.5678:,.2f} {0.000123:.2e} {5:b} {3:03} {3.0:.0f} {2.5:.0f} {3.5:.0f} {1e100} {12345678901234567890}")
print(f"{True} {None} {[1, 'a']} { {'k': 1} } {1.0} {-0.0} {float('inf'):.2f} {1/3:.10f}")
print(f"{'nested ' + f'{x * 2}'} {x if x > 3 else -x} {[i for i in range(3)]}")
`,
  percent_and_format: `
print("%d items at %.2f each, %s %r %5.1f%%" % (3, 1.5, 'x', 'y', 99.5))
print("%s-%s" % ("a", "b"), "%5s|%-5s|" % ("x", "y"), "%03d" % 7, "%x %X %o" % (255, 255, 8), "%e" % 12345.678, "%g" % 0.0001)
print("%(name)s is %(age)d" % {"name": "ann", "age": 30}, "%c%c" % (72, "i"), "%+d % d" % (5, 5), "%.3s" % "abcdef")
print("{} and {}".format(1, 'two'), "{0}{1}{0}".format('a', 'b'), "{name}!".format(name='hi'), "{:>6.2f}".format(3.14159))
print("{0[1]} {1.real} {x!r:>6}".format([1, 2], 3, x='q'), "{{literal}} {}".format(1), format(3.5, '08.2f'), format('s', '>3'))
`,
};

const operators: CaseTable = {
  arithmetic: `
print(7 + 2, 7 - 2, 7 * 2, 7 / 2, 7 // 2, 7 % 2, 7 ** 2, -7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 2 ** -1, 2 ** 0.5, (-8) ** 2, 0 ** 0, 10 / 5, 9 / 3)
print(True + 1, True * 2.5, False - 1, 3 * 'ab', 'ab' * 0, [0] * 3, (1, 2) * 2, -(-3), +4, ~5, ~-1)
print(2 ** 64, 2 ** 100 // 3, -(2 ** 70) // 7, (2 ** 70) % 7, 10 ** 30 / 10 ** 10, 12345678901234567890 * 98765432109876543210)
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), abs(-3), abs(-2.5), abs(True), pow(2, 10), pow(3, 4, 5), pow(2, -2))
print(round(2.5), round(3.5), round(0.125, 2), round(2.675, 2), round(-1.5), round(1234.5, -2), round(1250, -2), round(7, 1), round(1.23456, 3))
`,
  bitwise: `
print(5 & 3, 5 | 3, 5 ^ 3, 1 << 10, 1024 >> 3, -8 >> 1, -1 & 0xff, ~0, 1 << 70, (1 << 70) >> 68, True & False, True | False)
`,
  comparisons: `
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, 1 != 1.0, 'a' < 'b', 'B' < 'a', [1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2), (1, 'a') < (1, 'b'))
print(None is None, 2 in [1, 2], 'ell' in 'hello', 3 not in (1, 2), 1 in {1: 'x'}, 2 ** 53 + 1 > 2.0 ** 53, 0.1 + 0.2 == 0.3, float('nan') == float('nan'))
print({1, 2} < {1, 2, 3}, {1, 2} <= {1, 2}, {1} == {1.0}, [] == [], [] is [], 5 > 3 > 1 > 0, 1 < 2 > 0 < 3)
x = [1, 2]
print(x is x, x == [1, 2], x is [1, 2], 1 == True, 0 == False, 'a' == 'a', () == ())
`,
  boolean_ops: `
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 'default', '' or [], not 0, not [1], [] and 1, 'x' and 'y' or 'z')
print(True if [] else False, 'yes' if 0 else 'no', bool(0.0), bool(''), bool([0]), bool(None), bool(()), bool({}), bool('0'))
calls = []
def t(v):
    calls.append(v)
    return v
print(t(0) and t(1), t(1) or t(2), calls)
`,
  augmented: `
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x)
y = [1]
z = y
y += [2]
y *= 2
print(z, y is z)
w = (1,)
v = w
w += (2,)
print(v, w)
s = "a"
s += "b" * 2
f = 1.5
f /= 2
b = 6
b &= 3; b |= 8; b ^= 1; b <<= 2; b >>= 1
print(s, f, b)
d = {'k': 1}
d['k'] += 10
class O: pass
o = O()
o.n = 1
o.n += 1
st = {1}
st |= {2}
st &= {2, 3}
print(d, o.n, st)
`,
  int_float_mixing: `
print(3 / 1, 3 // 1.0, 2 * 1.5, 1 + 2.0, 10 - 0.5, 7 % 2.5, 2 ** 3.0, 5 / 2 * 2, int(2.5 * 2), float(3) / 2)
print(10 ** 20 + 0.5, 2 ** 60 == 2.0 ** 60, 2 ** 63 - 1 < 2.0 ** 63, max(1, 2.0), min(2, 1.5), sum([1, 2.5, 3]), sum([0.1] * 10))
`,
  float_power: `
print(2 ** 2.5, 10 ** 0.3, 1.1 ** 10, 3 ** -0.5, 2.0 ** -3, 0.5 ** 0.5, 1.0001 ** 10000, 7 ** (1 / 3), 1.5 ** 100, 10 ** -2)
print((-2.0) ** 3, (-2.0) ** 2, 0.0 ** 0, float('nan') ** 0, 1 ** float('nan'), float('inf') ** -1, (-float('inf')) ** 3, 0.5 ** float('inf'))
for f in (lambda: 0.0 ** -1, lambda: 0 ** -2, lambda: 10.0 ** 400, lambda: 1e300 ** 2):
    try:
        print(f())
    except (ZeroDivisionError, OverflowError) as e:
        print(type(e).__name__, e)
`,
};

const strings: CaseTable = {
  methods_case_strip: `
s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), s.upper(), s.lower(), s.title(), "hello world".capitalize(), "ABc".swapcase())
print(repr("xxhixx".strip("x")), repr("\\t\\n a \\n".strip()), "ß".upper(), "straße".casefold(), "o'neil mc-d".title())
`,
  methods_split_join: `
print("a,b,,c".split(","), "a b  c".split(), "a b c".split(None, 1), "a,b,c".rsplit(",", 1), "  a  ".split(" "), "x".split("x"))
print("-".join(["a", "b"]), "".join(map(str, range(5))), " ".join("abc"), "a b".split(maxsplit=1), "1,2,3".split(",", maxsplit=1))
print("line1\\nline2\\r\\nline3".splitlines(), "a\\nb\\n".splitlines(True), "  lead and trail  ".split())
`,
  methods_find_replace: `
print("abc".replace("b", "X"), "aaa".replace("a", "b", 2), "ab".replace("", "-"), "hello".find("l"), "hello".rfind("l"), "hello".find("z"))
print("hello".index("e"), "hello".count("l"), "aaaa".count("aa"), "hello".startswith("he"), "hello".endswith(("lo", "x")), "hello".startswith("l", 2))
print("prefix_name".removeprefix("prefix_"), "file.py".removesuffix(".py"), "a=b=c".partition("="), "a=b=c".rpartition("="), "abc".partition("x"))
`,
  methods_pad_test: `
print("abc".center(9, "*"), "abc".ljust(6) + "|", "abc".rjust(6), "42".zfill(5), "-42".zfill(5), "ab".center(5), "ab".center(6), "tab\\there".expandtabs(4))
print("123".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  ".isspace(), "ABC".isupper(), "abc".islower(), "Hello World".istitle(), "".isdigit(), "x1".isidentifier())
`,
  indexing_slicing: `
s = "hello world"
print(s[0], s[-1], s[2:5], s[:3], s[6:], s[::2], s[::-1], s[-5:-1], s[100:], s[3:1], len(s))
print("abc" * 3, "a" + "b", "abc" < "abd", "Z" < "a", sorted("hello"), list("héllo"), "é" in "café")
`,
  // A format spec that begins with '=' (fill) after ':' is not the walrus operator.
  fstring_spec_fill_equals: `
x = 5
w = 9
print(f"{'total':=^20}|{x:=>4}|{x:=<4}|{x=:=^7}|{x:={w}}|{x:=+5}|{(y:=3)}|{y}|{x!r:=^5}|{x = :=^5}")
print(f"{'':=^{w}}", f"{x:^=5}")
`,
};

const containers: CaseTable = {
  fromkeys_and_unary_mappings: `
from collections import Counter, OrderedDict, defaultdict
from enum import IntEnum

print(dict.fromkeys("abc", 0), dict.fromkeys(range(3)), dict.fromkeys([]))
print(OrderedDict.fromkeys("ab"), defaultdict.fromkeys("xy", 1))
try:
    dict.fromkeys()
except TypeError as e:
    print(e)
try:
    Counter.fromkeys("ab")
except NotImplementedError as e:
    print(e)
a = Counter(a=2, b=-1, c=0)
print(+a, -a)
class H(IntEnum):
    DOWN = 2
print(-H.DOWN, +H.DOWN, abs(H.DOWN), ~H.DOWN)
seen = dict.fromkeys(["x", "y", "x", "z"])
print(list(seen))
`,
  lists: `
nums = [5, 3, 8]
nums.sort()
nums.append(1)
nums.insert(0, 0)
print(nums, nums.pop(), nums.pop(0), nums, nums.index(5), nums.count(3))
nums.reverse()
print(nums, nums.copy(), nums + [9], nums * 2, len(nums), 8 in nums, nums[::-1])
nums.extend(range(3))
nums.remove(0)
print(nums, sorted(nums), sorted(nums, reverse=True), min(nums), max(nums))
lst = [1, 2, 3, 4, 5]
lst[1:3] = ["x"]
print(lst)
del lst[0]
print(lst, lst[-1], lst[-2:])
lst[::2] = [0, 0]
print(lst)
lst.clear()
print(lst)
`,
  dicts: `
d = {"a": 1}
d["b"] = 2
d.update(c=3)
d.update({"d": 4}, e=5)
print(d, d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()), list(d.items()), d.pop("a"), d, "b" in d)
print(d.setdefault("b", 99), d.setdefault("n", []), d.popitem(), len(d), dict(zip("ab", range(2))), dict([("x", 1)]), dict(a=1))
print(d.keys(), d.values(), d.items(), {**d, "z": 0}, d | {"q": 1})
counts = {}
for ch in "hello":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), {1: 'a', 1.0: 'b', True: 'c'})
del counts['h']
print(counts, list(counts))
`,
  tuples_unpacking: `
t = (1, 2, 3)
print(t[1:], t + (4,), t * 2, t.index(2), t.count(1), 2 in t, tuple([1]), tuple("ab"), len(t))
a, *b = [1, 2, 3]
*c, d = "xyz"
(e, f), h = (1, 2), 3
first, second = "ab"
i, j = j, i = 1, 2
print(a, b, c, d, e, f, h, first, second, i, j)
for k, (x, y) in enumerate([(1, 2), (3, 4)]):
    print(k, x, y)
p, q = q, p = 5, 6
print(p, q)
`,
  iteration_builtins: `
print(list(enumerate('ab')), list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))
print(list(reversed([1, 2, 3])), list(reversed(range(3))), any([0, 1]), all([]), sum(range(101)), list(map(lambda a, b: a * b, [1, 2], [3, 4])))
it = iter([1, 2])
print(next(it), next(it), next(it, 'end'))
print(max([3, 1, 2]), min(3, 1, 2), max(['a', 'bb'], key=len), sorted(['b', 'A', 'c'], key=str.lower), max([], default=None))
print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]), sorted([3, 1, 2], reverse=True), sorted({'b': 1, 'a': 2}))
`,
  comprehensions: `
print([x * x for x in range(5)], [x for x in range(10) if x % 2 if x > 3], [(i, j) for i in range(3) for j in range(i)])
print({x: x * 2 for x in "abc"}, {x % 3 for x in range(10)}, sum(x for x in range(5)), list(x for x in "ab"))
x = "outer"
print([x for x in range(3)], x)
m = [[1, 2], [3, 4]]
print([v for row in m for v in row], [[r[i] for r in m] for i in range(2)])
g = (i for i in range(3))
print(next(g), next(g), list(g), next(g, "done"), type(g).__name__)
print(max((i for i in range(4)), default=0), min([], default="empty"), [y for y in [1, 2, 3] if y != 2])
`,
};

const sets: CaseTable = {
  set_order_ints: `
s = {2, 3}
print(s, s | {9}, s & {2}, s - {2}, s ^ {2, 4}, {3, 1, 2}, {10, 20, 30, 1, 2}, {-1, -2, 5})
print({100, 200, 300, 400, 500, 600, 700}, set([5, 3, 8]) | set([1, 9]), frozenset({3, 1}), {1.5, 2.5, 0.5})
x = set()
for i in range(20):
    x.add(i * 7 % 13)
print(x)
x.discard(5); x.remove(6)
x.add(100)
print(x, x.pop(), x)
y = set(range(50))
for i in range(0, 50, 3):
    y.discard(i)
print(y)
`,
  set_order_strings: `
print({"a", "b", "c"}, {"apple", "banana", "cherry", "date"}, set("hello"), {c for c in "mississippi"})
a = {"red", "green", "blue"}
b = {"green", "yellow"}
print(a & b, a | b, a - b, b - a, a ^ b, a.union(b, {"pink"}), a.intersection(b), sorted(a))
a |= {"x"}
a -= {"red"}
print(a, set("abcdefghijklmnopqrstuvwxyz"))
w = {w for w in "the quick brown fox jumps over the lazy dog".split()}
print(w, len(w), {(1, 2), (3, 4), (0, 0)}, {True, 2, 3.0})
`,
  hashes: `
print(hash(1), hash(-1), hash(0), hash(2**64), hash(1.5), hash(0.1), hash(True), hash((1, 2)), hash("hello"), hash(()), hash((1, "a", 2.5)))
`,
};

const exceptions: CaseTable = {
  system_exit_code: `
import sys
for args in [(), (3,), ("bye",), (1, 2)]:
    try:
        raise SystemExit(*args)
    except SystemExit as e:
        print(repr(e.code), e.args)
try:
    sys.exit()
except SystemExit as e:
    print(e.code)
try:
    raise KeyboardInterrupt
except KeyboardInterrupt as e:
    print(hasattr(e, "code"))
`,
  context_in_finally_and_exit: `
import sys

class Closing:
    def __enter__(self):
        return self
    def __exit__(self, et, e, tb):
        print("exit sees", et.__name__ if et else None)
        if et is KeyError:
            raise OSError("close failed")

try:
    try:
        raise KeyError("original")
    finally:
        print("finally sees", repr(sys.exception()))
        raise IndexError("from finally")
except IndexError as e:
    print(repr(e), repr(e.__context__))

try:
    with Closing():
        raise KeyError("body")
except OSError as e:
    print(repr(e), repr(e.__context__))

try:
    try:
        raise ValueError("kept")
    finally:
        {}["missing"]
except KeyError as e:
    print(repr(e.__context__))

def cleanup():
    try:
        return 1 / 0
    finally:
        print("in finally", repr(sys.exception()), sys.exc_info()[0])

try:
    cleanup()
except ZeroDivisionError as e:
    print(repr(e), e.__context__)
print(sys.exception())
with Closing():
    pass
try:
    raise KeyError("a")
finally:
    raise RuntimeError("b")
`,
  try_except_else_finally: `
def f(n):
    if n == 0:
        raise ValueError("zero")
    return 10 / n

for v in [2, 0, "x"]:
    try:
        print(f(v))
    except ValueError as e:
        print("ValueError:", e, e.args)
    except TypeError as e:
        print("TypeError:", e)
    else:
        print("no error")
    finally:
        print("finally", v)
try:
    print(e)
except NameError as err:
    print("e was deleted:", err)
`,
  chaining: `
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    try:
        {}["missing"]
    except KeyError as e:
        print("key", e, repr(e))
        undefined_name
except NameError as e:
    print(e, "| context:", repr(e.__context__))
try:
    try:
        raise ValueError(1)
    except ValueError:
        raise TypeError(2) from None
except TypeError as e:
    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
`,
  custom_classes: `
class MyError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

class Sub(MyError):
    pass

try:
    raise Sub(42, "custom")
except MyError as e:
    print(type(e).__name__, e, e.code, e.args, isinstance(e, Exception), repr(e), isinstance(e, Sub))

class WithStr(Exception):
    def __str__(self):
        return "custom str"
print(str(WithStr()), repr(WithStr("a")))
class Plain(ValueError):
    pass
try:
    raise Plain
except ValueError as e:
    print(repr(e), type(e).__mro__[1].__name__)
class NoSuper(Exception):
    def __init__(self, a, b):
        self.total = a + b
e = NoSuper(1, 2)
print(e.args, e.total, str(e))
`,
  finally_control_flow: `
def g():
    try:
        return "try"
    finally:
        print("cleanup")
print(g())

def h():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("fin", i)
    return "done"
print(h())

def k():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(k())

def nested():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", e)
nested()
`,
  except_star: `
try:
    raise ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3)])
except* ValueError as eg:
    print("values:", repr(eg), eg.exceptions)
except* TypeError as eg:
    print("types:", repr(eg), str(eg))

try:
    try:
        raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
    except* ValueError:
        print("handled values")
except* KeyError as e:
    print("outer got", repr(e))

try:
    try:
        raise ValueError("naked")
    except* ValueError as eg:
        print("naked wrapped:", repr(eg))
        raise
except Exception as e:
    print("reraised:", repr(e))

eg = ExceptionGroup("x", [ValueError(1), TypeError(2)])
m, r = eg.split(ValueError)
print(repr(m), repr(r), eg.subgroup(TypeError), eg.subgroup(KeyError))
try:
    try:
        raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError(3)
except Exception as e:
    print(repr(e))
`,
  error_messages: `
tests = [
    lambda: [][0], lambda: (1,)[5], lambda: 'abc'[9], lambda: {}['k'], lambda: int('z'), lambda: None.foo,
    lambda: len(5), lambda: 1 + 'a', lambda: 'a' + 1, lambda: [] < 1, lambda: undefined, lambda: (5)(),
    lambda: float('x'), lambda: [1].index(9), lambda: object().x, lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0,
    lambda: 1.0 / 0, lambda: 2 ** -1 / 0, lambda: int(None), lambda: hash([]), lambda: {[]: 1}, lambda: iter(5),
    lambda: [].pop(), lambda: {}.pop(1), lambda: set().pop(), lambda: min([]), lambda: sum(['a']), lambda: abs('a'),
    lambda: -'a', lambda: 'a' * 'b', lambda: '%d' % 'a', lambda: '{} {}'.format(1), lambda: chr(-1), lambda: ord('ab'),
    lambda: int(float('inf')), lambda: [1, 2].remove(3), lambda: sorted([1, 'a']), lambda: 'x'.foo, lambda: (1).real.x,
    lambda: range(1, 2, 0), lambda: dict(a=1)['b'], lambda: list(5), lambda: print(end=5), lambda: 'a' < None,
]
for i, t in enumerate(tests):
    try:
        t()
        print(i, "no error")
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
`,
  unpacking_errors: `
for value in [1, [1, 2, 3], [1], "ab"]:
    try:
        a, b = value
        print(a, b)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    a, b, *c = [1]
except ValueError as e:
    print(e)
`,
  assert_and_raise: `
try:
    assert 1 == 2, "math is broken"
except AssertionError as e:
    print("assert:", e, repr(e))
try:
    assert False
except AssertionError as e:
    print("bare assert:", repr(e))
try:
    raise
except RuntimeError as e:
    print(e)
try:
    raise 5
except TypeError as e:
    print(e)
try:
    raise ValueError
except ValueError as e:
    print(repr(e))
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    print("recursion:", e)
`,
  arguments: `
def defaults(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
print(defaults(1, c=3), defaults(1, 2, 3, 4, c=5, e=6), defaults(*[1, 2], **{"c": 9}))
def two(a, b): pass
def opt(a, b=1): pass
class K:
    def m(self, x): pass
for call in [lambda: defaults(1), lambda: two(1), lambda: two(1, 2, 3), lambda: two(1, a=2), lambda: two(1, c=2),
             lambda: opt(1, 2, 3), lambda: K().m(), lambda: two(), lambda: (lambda: 0)(1)]:
    try:
        call()
    except TypeError as e:
        print(e)
print((lambda *a, **k: (a, k))(1, 2, x=3))
`,
};

exceptions.recursion_depth = `
import asyncio
depth = 0
def f(n):
    global depth
    depth = n
    f(n + 1)
try:
    f(1)
except RecursionError as e:
    print("module level depth", depth, e)
async def g(n):
    global depth
    depth = n
    await g(n + 1)
def h(n):
    global depth
    depth = n
    h(n + 1)
def comp(n):
    global depth
    depth = n
    return [comp(n + 1) for _ in range(1)]
async def main():
    try:
        h(1)
    except RecursionError:
        print("task sync depth", depth)
    try:
        await g(1)
    except RecursionError:
        print("task async depth", depth)
    try:
        comp(1)
    except RecursionError:
        print("with comprehensions", depth)
asyncio.run(main())
`;

exceptions.inplace_errors = `
for stmt in ["x = 1\\nx += None", "x = 1\\nx -= 'a'", "x = [1]\\nx *= 'a'", "x = 'a'\\nx += 1", "x = {1}\\nx |= [1]", "x = 1\\nx **= None", "x = 1\\nx //= 'a'", "x = 2\\nx @= 3" if False else "x = 2\\nx %= []", "x = 1\\nx <<= 1.5"]:
    try:
        exec_result = None
        if stmt.endswith("x += None"):
            x = 1; x += None
        elif stmt.endswith("x -= 'a'"):
            x = 1; x -= 'a'
        elif stmt.endswith("x *= 'a'"):
            x = [1]; x *= 'a'
        elif stmt.endswith("x += 1"):
            x = 'a'; x += 1
        elif stmt.endswith("x |= [1]"):
            x = {1}; x |= [1]
        elif stmt.endswith("x **= None"):
            x = 1; x **= None
        elif stmt.endswith("x //= 'a'"):
            x = 1; x //= 'a'
        elif stmt.endswith("x %= []"):
            x = 2; x %= []
        else:
            x = 1; x <<= 1.5
    except TypeError as e:
        print(e)
`;

const classes: CaseTable = {
  own_new: `
class Singleton:
    _instance = None
    def __new__(cls, *args, **kwargs):
        if cls._instance is None:
            print("creating", cls.__name__)
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self, value=0):
        print("init", value)
        self.value = value

a = Singleton(1)
b = Singleton(2)
print(a is b, a.value, type(a).__name__)

class Config(Singleton):
    pass
c = Config(3)
print(c is a, isinstance(c, Singleton))

class Point:
    count = 0
    def __new__(cls, x, y):
        Point.count += 1
        obj = object.__new__(cls)
        obj.created = Point.count
        return obj
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y}) #{self.created}"

print(Point(1, 2), Point(3, 4), Point.count)

class Weird:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never")
print(Weird())

class NoInit:
    def __new__(cls, n):
        self = super().__new__(cls)
        self.n = n
        return self
print(NoInit(5).n)
`,
  property_setter_deleter: `
class Temperature:
    """A temperature in Celsius."""
    def __init__(self, celsius):
        self.celsius = celsius

    @property
    def celsius(self):
        """The value in Celsius."""
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        print("set", value)
        self._celsius = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

t = Temperature(20)
print(t.celsius, t.fahrenheit)
t.celsius = 30
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print(e)
del t.celsius
try:
    del t.fahrenheit
except AttributeError as e:
    print(e)
print(type(Temperature.celsius).__name__, Temperature.celsius.fget.__name__, Temperature.fahrenheit.fset)
w = property(None)
class W:
    x = property(None, lambda s, v: None)
try:
    W().x
except AttributeError as e:
    print(e)
`,
  super_reaches_object: `
class Base:
    def __init__(self, name):
        super().__init__()
        self.name = name
    def __repr__(self):
        return "Base+" + super().__repr__()[:15]
    def __eq__(self, other):
        print("eq asked")
        return super().__eq__(other)
    def __hash__(self):
        return super().__hash__() % 1 + 7

class Plugin:
    registry = []
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry.append(cls.__name__)

class Csv(Plugin): pass
class Json(Plugin): pass

class Saved:
    def __setattr__(self, key, value):
        print("saving", key)
        super().__setattr__(key, value)
    def __str__(self):
        return "Saved:" + super().__str__()[:8]

b = Base("x")
print(b.name, repr(b), str(b), b == b, b != b, hash(b), Plugin.registry)
s = Saved()
s.x = 1
print(s.x, str(s), format(s)[:8], object.__repr__(s)[:16])
try:
    super(Base, b).__init__(1)
except TypeError as e:
    print(e)
try:
    format(s, "10")
except TypeError as e:
    print(e)

class AppError(Exception):
    def __str__(self):
        return f"[app] {super().__str__()}"
class DbError(AppError):
    def __repr__(self):
        return "DbError!" + super().__repr__()
print(str(AppError("boom")), str(DbError("down", 3)), repr(DbError("x")), Exception.__str__(DbError("plain")))
raise DbError("unreachable")
`,
  inheritance: `
class Animal:
    kind = "animal"
    count = 0

    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"Animal({self.name!r})"

    def __eq__(self, other):
        return isinstance(other, Animal) and self.name == other.name

    def __lt__(self, other):
        return self.name < other.name

class Dog(Animal):
    kind = "dog"

    def __init__(self, name):
        super().__init__(name, "woof")
        self.tricks = []

    def speak(self):
        return super().speak() + "!"

    def add(self, trick):
        self.tricks.append(trick)
        return self

d = Dog("rex")
print(d.speak(), d.kind, Animal.kind, d.add("sit").add("roll").tricks, Animal.count, repr(d), d == Dog("rex"), d != Dog("max"))
print(sorted([Dog("b"), Dog("a")]), isinstance(d, Animal), type(d).__name__, type(d) is Dog, Dog.__name__, Dog.__mro__[1].__name__)
print(str(d), [d], {"k": d}, issubclass(Dog, Animal), issubclass(Animal, Dog))
a = Animal("cat")
print(a.speak(), hasattr(a, "tricks"), getattr(a, "missing", "default"))
a.extra = 5
print(a.extra)
del a.extra
print(hasattr(a, "extra"))
`,
  dunders: `
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Point(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Point(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __str__(self):
        return f"({self.x}, {self.y})"
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __neg__(self):
        return Point(-self.x, -self.y)
p = Point(1, 2) + Point(3, 4)
print(p, len(p), p[0], list(p), 4 in p, bool(Point(0, 0)), {Point(1, 1): "a"}[Point(1, 1)], -p, p * 2, 3 * p)
x, y = p
print(x, y, f"{p}", str(p), [str(q) for q in [p, p]])

class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
c = Counter()
c(); c()
print(c(), callable(c), callable(5), callable(print))

class Box:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Box({self.v!r})"
print([Box(1), Box("a")], Box(None))
class Plain:
    pass
print(repr(Plain())[:24])
`,
  class_attributes: `
class Config:
    debug = False
    items = []

    def enable(self):
        self.debug = True
        Config.items.append(1)

a, b = Config(), Config()
a.enable()
print(a.debug, b.debug, Config.debug, Config.items, b.items)
Config.debug = "changed"
print(b.debug, a.debug)

class Leaf:
    def hello(self):
        return "leaf"
class Mid(Leaf):
    def hello(self):
        return "mid+" + super().hello()
class Top(Mid):
    def hello(self):
        return "top+" + super().hello()
print(Top().hello(), [c.__name__ for c in Top.__mro__])

class NoInit:
    pass
try:
    NoInit(1)
except TypeError as e:
    print(e)

class WithProperty:
    def __init__(self):
        self._v = 1
    def get_v(self):
        return self._v * 10
    v = property(get_v)
print(WithProperty().v)
`,
  async_methods: `
import asyncio

class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = asyncio.Lock()

    async def withdraw(self, amount):
        async with self.lock:
            if self.balance >= amount:
                await asyncio.sleep(0.1)
                self.balance -= amount
                return True
            return False

async def main():
    acct = Account(100)
    results = await asyncio.gather(*(acct.withdraw(40) for _ in range(3)))
    print(results, acct.balance)

asyncio.run(main())
`,
  future_annotations: `
from __future__ import annotations

import asyncio
from typing import Generic, Optional, TypeVar, Union

T = TypeVar("T")
limit: int = 3
pending: list[Job]


class Node(Generic[T]):
    value: T
    next: Optional[Node[T]] = None

    def __init__(self, value: T, next: Node[T] | None = None) -> None:
        self.value = value
        self.next = next

    def push(self, value: T) -> "Node[T]":
        return Node(value, self)


async def scale(x: Union[int, float], *factors: float, by: int = 2, **opts: dict[str, int]) -> list[float]:
    await asyncio.sleep(0)
    return [x * by * f for f in factors]


async def main() -> None:
    head = Node(1).push(2)
    print(head.value, head.next.value, Node[int], Node.__annotations__)
    print(await scale(1.5, 1, 2), scale.__annotations__)
    print(main.__annotations__, Node.push.__annotations__)
    print(__annotations__, limit)
    import __future__
    print(__future__.annotations.compiler_flag, "annotations" in __future__.all_feature_names)


asyncio.run(main())
`,
  slots: `
from dataclasses import dataclass, field


class Vector:
    __slots__ = ("x", "y")
    dims = 2

    def __init__(self, x, y=None):
        self.x = x
        if y is not None:
            self.y = y

    def __repr__(self):
        return f"Vector({self.x}, {getattr(self, 'y', '?')})"


v = Vector(1, 2)
print(v, Vector.__slots__, hasattr(v, "__dict__"), Vector.x)


def attempt(label, action):
    try:
        action()
    except (AttributeError, TypeError) as e:
        print(label, "->", type(e).__name__, e)


attempt("v.z = 3", lambda: setattr(v, "z", 3))
attempt("v.dims = 3", lambda: setattr(v, "dims", 3))
attempt("Vector(5).y", lambda: Vector(5).y)
attempt("vars(v)", lambda: vars(v))
del v.y
print(v, hasattr(v, "y"))


class Tagged(Vector):
    pass


class Vector3(Vector):
    __slots__ = ("z",)


t = Tagged(1, 1)
t.label = "free"
w = Vector3(1, 2)
w.z = 3
print(vars(t), w.z, hasattr(w, "__dict__"), [type(c.__dict__.get("z")).__name__ for c in Vector3.__mro__])
try:
    w.label = "nope"
except AttributeError as e:
    print("AttributeError:", e)


@dataclass(slots=True)
class Reading:
    sensor: str
    values: list = field(default_factory=list)
    unit: str = "C"


r = Reading("t1", [20.5])
r.unit = "F"
print(r, Reading.__slots__, hasattr(r, "__dict__"), r == Reading("t1", [20.5], "F"))
try:
    r.note = "x"
except AttributeError as e:
    print("AttributeError:", e)
try:
    class Clash:
        __slots__ = ("size",)
        size = 0
except ValueError as e:
    print("ValueError:", e)
`,
  descriptors: `
class Validated:
    def __init__(self, kind, minimum=None):
        self.kind = kind
        self.minimum = minimum

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__[self.name]

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name} must be {self.kind.__name__}, not {type(value).__name__}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{self.name} must be >= {self.minimum}")
        obj.__dict__[self.name] = value

    def __delete__(self, obj):
        print("deleting", self.name)
        del obj.__dict__[self.name]


class Product:
    name = Validated(str)
    price = Validated(float, minimum=0.0)

    def __init__(self, name, price):
        self.name = name
        self.price = price


p = Product("pen", 1.5)
print(p.name, p.price, vars(p), type(Product.price).__name__, Product.price.name)
for bad in ("cheap", -1.0):
    try:
        p.price = bad
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
p.__dict__["price"] = 99.0
print(p.price)
del p.price
print("price" in vars(p), vars(p))


class Default:
    def __init__(self, value):
        self.value = value

    def __get__(self, obj, objtype=None):
        return self.value


class Config:
    retries = Default(3)


c = Config()
print(c.retries)
c.retries = 5
print(c.retries, Config.retries, vars(c))


class Audited:
    def __setattr__(self, name, value):
        print("set", name, "=", value)
        object.__setattr__(self, name, value)

    def __getattr__(self, name):
        return f"<no {name}>"

    @property
    def area(self):
        raise AttributeError("not computed")


a = Audited()
a.side = 2
print(a.side, a.colour, a.area)
`,
  singledispatch: `
import asyncio
from dataclasses import dataclass
from functools import singledispatch, singledispatchmethod


@dataclass
class Circle:
    r: float


@dataclass
class Square:
    side: float


class Unit(Square):
    def __init__(self):
        super().__init__(1.0)


@singledispatch
def area(shape):
    raise TypeError(f"no area for {type(shape).__name__}")


@area.register
def _(shape: Circle):
    return round(3.14159 * shape.r ** 2, 2)


@area.register(Square)
def _(shape):
    return shape.side ** 2


@singledispatch
def show(value):
    return f"value {value!r}"


@show.register
def _(value: int | float):
    return f"number {value:g}"


@show.register(list)
@show.register(tuple)
def _(value):
    return "[" + ", ".join(show(v) for v in value) + "]"


class Report:
    @singledispatchmethod
    def add(self, item):
        return f"skipped {item!r}"

    @add.register
    def _(self, item: str):
        return f"line {item}"

    @add.register
    def _(self, item: list):
        return [self.add(i) for i in item]


async def main():
    await asyncio.sleep(0)
    print(area(Circle(2)), area(Square(3)), area(Unit()))
    try:
        area("triangle")
    except TypeError as e:
        print("TypeError:", e)
    print(show(3), show(2.5), show(True), show([1, "a", (2, None)]))
    print(area.dispatch(Unit).__name__, area.dispatch(Unit) is area.registry[Square], sorted(c.__name__ for c in area.registry))
    print(Report().add("hello"), Report().add(["a", 7]))
    try:
        show()
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
`,
  future_annotations_library_classes: `
from __future__ import annotations

from dataclasses import KW_ONLY, InitVar, dataclass, field, fields
from typing import ClassVar, NamedTuple


@dataclass
class Job:
    name: str
    created: ClassVar[int] = 0
    _: KW_ONLY
    retries: int = 3
    seed: InitVar[int] = 0
    tags: list[str] = field(default_factory=list)

    def __post_init__(self, seed: int) -> None:
        Job.created += 1
        self.tags.append(f"seed-{seed}")


class Point(NamedTuple):
    x: float
    y: float = 0.0


job = Job("build", retries=1, seed=7)
print(job, Job.created, [f.name for f in fields(Job)])
print(Job.__annotations__)
print(Point(1.5), Point.__annotations__, Point._fields)
`,
};

const scoping: CaseTable = {
  assignment_expressions: `
import asyncio
data = [3, 8, 1, 9, 4]
async def reader(q):
    while (item := await q.get()) is not None:
        print("got", item)
    print("reader done, last", item)
async def main():
    q = asyncio.Queue()
    for x in data + [None]:
        q.put_nowait(x)
    await reader(q)
    if (n := len(data)) > 3:
        print("long list", n)
    big = [y for x in data if (y := x * 10) > 30]
    print(big, y)
    total = 0
    def add(v):
        nonlocal total
        return (total := total + v)
    print([add(v) for v in data], total)
    print([last := v for v in range(3)], last)
    print(f"{(z := 5)} and {z}", print(w := "arg"), w)
    print(sum(u for v in data if (u := v) and u > 2), u)
    async def fetch(i):
        await asyncio.sleep(0.1 * i)
        return i
    results = [r for i in range(3) if (r := await fetch(i)) != 1]
    print(results, r)
    def in_function():
        [(g := i) for i in range(2)]
        return g
    print(in_function(), "g" in globals())
print([(top := i * 2) for i in range(3)], top)
asyncio.run(main())
`,
  closures_nonlocal_global: `
def outer():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
i = outer()
i(); i()
print(i())

total = 0
def add(n):
    global total
    total += n
add(5); add(6)
print(total)

def make():
    items = []
    def push(x):
        items.append(x)
        return len(items)
    def get():
        return items
    return push, get
push, get = make()
push(1); push(2)
print(get())

def counter_factory():
    def make_counter(start):
        n = start
        def next_value():
            nonlocal n
            n += 1
            return n
        return next_value
    return make_counter
mk = counter_factory()
c1, c2 = mk(0), mk(100)
print(c1(), c1(), c2(), c1())
`,
  late_binding: `
funcs = [lambda x, i=i: x * i for i in range(3)]
print([f(10) for f in funcs])
adders = [(lambda x: x + k) for k in range(3)]
print([f(1) for f in adders])
fs = []
for j in range(3):
    def f():
        return j
    fs.append(f)
print([f() for f in fs])
`,
  unbound_local: `
x = 1
def bad():
    print(x)
    x = 2
try:
    bad()
except UnboundLocalError as e:
    print(type(e).__name__, "|", e)
def delete_then_use():
    y = 1
    del y
    return y
try:
    delete_then_use()
except NameError as e:
    print(type(e).__name__, "|", e)
def free_unbound():
    def inner():
        return z
    r = inner
    z = 1
    del z
    return r()
try:
    free_unbound()
except NameError as e:
    print(type(e).__name__, "|", e)
try:
    del never_defined
except NameError as e:
    print(e)
`,
  class_scope: `
x = "global"
class C:
    x = "class"
    y = x + "!"
    def m(self):
        return x
    z = [x for _ in range(1)]
print(C.y, C().m(), C.z)
def f():
    v = "enclosing"
    class D:
        w = v
        def get(self):
            return v
    return D
D = f()
print(D.w, D().get())
`,
  main_guard: `
print(__name__)
if __name__ == "__main__":
    print("running as a script")
`,  positional_only: `
import asyncio

def clamp(value, low, high, /):
    return max(low, min(value, high))

def f(a, b=2, /, c=3, *, d=4, **rest):
    return a, b, c, d, rest

class Box:
    def put(self, item, /, *, label=""):
        return f"{label}{item}"

print(clamp(15, 0, 10), f(1), f(1, 5, 6), f(1, c=7, d=8), f(1, a=9, b=10))
print(Box().put(3, label="#"), f.__defaults__, (lambda x, /, y=1: (x, y))(5, y=6))
tries = [
    lambda: clamp(value=1, low=0, high=2), lambda: clamp(1, 0, high=2), lambda: clamp(1, 0),
    lambda: Box().put(item=1), lambda: (lambda x, /: x)(x=1), lambda: clamp(1, 2, 3, 4),
    lambda: clamp(1, 2, 3, extra=5), lambda: clamp(1, 2, high=3, extra=5),
]
for i, t in enumerate(tries):
    try:
        t()
        print(i, "no error")
    except TypeError as e:
        print(i, e)

async def fetch(url, /, *, delay):
    await asyncio.sleep(delay)
    return url

async def main():
    print(await asyncio.gather(fetch("a", delay=0.2), fetch("b", delay=0.1)))

asyncio.run(main())
`,
  generator_cleanup: `
import asyncio


def read_lines(name):
    print(f"  open {name}")
    try:
        for i in range(1, 4):
            yield f"{name}:{i}"
    finally:
        print(f"  close {name}")


def find(name, wanted):
    for line in read_lines(name):
        if line.endswith(wanted):
            return line
    return None


def failing(name):
    for line in read_lines(name):
        raise ValueError(f"bad line {line}")


async def main():
    for line in read_lines("a"):
        print(line)
        break
    print("after break")
    print("found", find("b", "2"))
    try:
        failing("c")
    except ValueError as e:
        print("caught", e)
    kept = read_lines("d")
    for line in kept:
        break
    print("kept open, next is", next(kept))
    for line in read_lines("e"):
        await asyncio.sleep(0.1)
        if line.endswith("2"):
            break
    print("after awaiting loop")
    g = read_lines("f")
    print(next(g))
    g.close()
    print("closed explicitly")


asyncio.run(main())
pending = read_lines("g")
print(next(pending))
print("end of script")
`,
};

const asyncio_cases: CaseTable = {
  match_library_types: `
from collections import namedtuple, deque, OrderedDict, defaultdict, Counter
from dataclasses import dataclass, field
P = namedtuple("P", "x y")
@dataclass
class Q:
    a: int
    b: int = 0
    c: list = field(default_factory=list, kw_only=True)
class Plain:
    def __init__(self):
        self.v = 1
for s in [P(1, 2), deque([1, 2]), OrderedDict(a=1), defaultdict(int, a=2), Counter("aab"), Q(3), Plain(), "ab", b"ab", range(2), (1, 2), {1, 2}, frozenset([1])]:
    match s:
        case P(x, y):
            print("P", x, y)
        case Q(a, b):
            print("Q", a, b)
        case Plain(v=v):
            print("Plain", v)
        case [a, b]:
            print("seq", a, b)
        case {"a": v}:
            print("map", v)
        case str():
            print("text", s)
        case bytes():
            print("text", s)
        case set(_) | frozenset(_):
            print("set", len(s))
        case _:
            print("other", s)
try:
    match Plain():
        case Plain(1):
            pass
except TypeError as e:
    print(e)
class Bad:
    __match_args__ = ["v"]
try:
    match Bad():
        case Bad(1):
            pass
except TypeError as e:
    print(e)
try:
    match 1:
        case len(x):
            pass
except TypeError as e:
    print(e)
match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print(rest)
match [1, 2, 3, 4]:
    case [first, *middle, last]:
        print(first, middle, last)
match 42:
    case 42.0:
        print("float equal")
match P(1, 2):
    case [a, b]:
        print("seq", a, b)
match Counter("aab"):
    case {"a": n, **rest}:
        print(n, rest)
`,
  match_or_then_as: `
def route(method, path):
    match (method, path):
        case ("GET" | "HEAD") as verb, "/":
            return f"{verb} home"
        case ("DELETE" | "PUT" as verb, _):
            return f"{verb} refused"
        case [("POST" | "PATCH") as verb, str() as p] if p.startswith("/api"):
            return f"{verb} api {p}"
    match path:
        case "/" | "/index" as page:
            print("page", page)
        case _:
            pass
    return "?"

for m, p in [("GET", "/"), ("PUT", "/x"), ("PATCH", "/api/v1"), ("HEAD", "/index")]:
    print(route(m, p))
`,
  loop_else: `
import asyncio

def primes(limit):
    for n in range(2, limit):
        for x in range(2, n):
            if n % x == 0:
                print(n, 'equals', x, '*', n // x)
                break
        else:
            print(n, 'is a prime number')

def find(items, wanted):
    for i, item in enumerate(items):
        if item == wanted:
            return i
    else:
        print("not found:", wanted)
    return -1

async def ticks(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i

async def main():
    primes(8)
    print(find("abc", "b"), find("abc", "z"))
    tries = 0
    while tries < 3:
        tries += 1
        await asyncio.sleep(0.1)
        if tries == 5:
            break
    else:
        print("gave up after", tries)
    for attempt in range(3):
        await asyncio.sleep(0.1)
        if attempt == 1:
            print("connected on attempt", attempt)
            break
    else:
        print("never connected")
    for word in ["x", "y"]:
        pass
    else:
        await asyncio.sleep(0.05)
        print("else may await", word)
    async for t in ticks(2):
        print("tick", t)
    else:
        print("ticks done")
    async for t in ticks(5):
        if t == 1:
            break
    else:
        print("unreachable")
    while False:
        pass
    else:
        for k in range(2):
            if k:
                break
        else:
            print("inner else")
        print("outer else")

asyncio.run(main())
`,
  own_loop_get_event_loop: `
import asyncio

async def say(what, delay):
    await asyncio.sleep(delay)
    print(what)
    return what.upper()

loop = asyncio.get_event_loop()
print(loop.is_running(), loop.is_closed())
result = loop.run_until_complete(say("hello", 1))
print("got", result, loop.time())
t = loop.create_task(say("bg", 0.5))
print(loop.run_until_complete(asyncio.gather(say("a", 0.2), say("b", 0.1))))
print(t.done())
loop.close()
print(loop.is_closed())
`,
  own_loop_run_until_complete: `
import asyncio
import time

async def fetch(name, delay):
    print(f"start {name}")
    await asyncio.sleep(delay)
    if name == "bad":
        raise ValueError("bad fetch")
    print(f"done {name}")
    return name

loop = asyncio.get_event_loop()
tasks = [loop.create_task(fetch(n, d)) for n, d in [("a", 0.3), ("b", 0.1)]]
done, pending = loop.run_until_complete(asyncio.wait(tasks))
print(sorted(t.result() for t in done), len(pending), loop.time())
time.sleep(1)
print(loop.run_until_complete(fetch("c", 0.2)), loop.time())
try:
    loop.run_until_complete(fetch("bad", 0.1))
except ValueError as e:
    print("caught", e)
fut = loop.create_future()
loop.call_later(0.5, fut.set_result, 42)
print(loop.run_until_complete(fut))
results = loop.run_until_complete(asyncio.gather(fetch("x", 0.1), fetch("y", 0.05)))
print(results, loop.is_running())
loop.close()
try:
    loop.run_until_complete(loop.create_future())
except RuntimeError as e:
    print("closed:", e)
asyncio.run(fetch("new", 0.1))
`,
  own_loop_new_event_loop: `
import asyncio
async def main():
    await asyncio.sleep(0.1)
    print("done")
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
try:
    loop.run_until_complete(main())
finally:
    loop.close()
`,
  own_loop_run_forever: `
import asyncio

async def ticker(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep(0.5)

def stop_later(loop):
    print("stopping at", loop.time())
    loop.stop()

loop = asyncio.get_event_loop()
loop.create_task(ticker(10))
loop.call_later(1.2, stop_later, loop)
loop.run_forever()
print("stopped", loop.is_running(), loop.time())
loop.run_until_complete(asyncio.sleep(0.1))
loop.close()
`,
  fire_and_forget_kept_by_all_tasks: `
import asyncio
async def fail():
    await asyncio.sleep(0.1)
    raise ValueError("boom")
async def main():
    asyncio.create_task(fail())
    others = asyncio.all_tasks() - {asyncio.current_task()}
    print(await asyncio.gather(*others, return_exceptions=True))
asyncio.run(main())
`,
  shutdown_cancel_raises: `
import asyncio
async def bad_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        raise RuntimeError("cleanup failed")
async def main():
    asyncio.create_task(bad_cleanup())
    await asyncio.sleep(0)
asyncio.run(main())
`,
  timeout_error_cause: `
import asyncio

async def main():
    try:
        async with asyncio.timeout(0.1):
            await asyncio.sleep(1)
    except TimeoutError as e:
        print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.1)
    except TimeoutError as e:
        print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)

asyncio.run(main())
`,
  lock_reprs_count_waiters: `
import asyncio

async def main():
    sem = asyncio.Semaphore(0)
    lock = asyncio.Lock()
    ev = asyncio.Event()
    cond = asyncio.Condition()
    await lock.acquire()
    waiting = [asyncio.create_task(x) for x in (sem.acquire(), lock.acquire(), lock.acquire(), ev.wait())]

    async def wait_on_condition():
        async with cond:
            await cond.wait()

    waiting.append(asyncio.create_task(wait_on_condition()))
    await asyncio.sleep(0)
    for primitive in (sem, lock, ev, cond):
        print(repr(primitive).split(" at ")[0], repr(primitive).split("[")[1])
    for task in waiting:
        task.cancel()
    await asyncio.sleep(0)
    print(repr(lock).split("[")[1], repr(ev).split("[")[1], repr(sem).split("[")[1])

asyncio.run(main())
`,
  own_loop_after_asyncio_run: `
import asyncio
async def main():
    print(asyncio.get_event_loop() is asyncio.get_running_loop())
loop = asyncio.get_event_loop()
asyncio.run(main())
try:
    print(asyncio.get_event_loop() is loop)
except RuntimeError as e:
    print("RuntimeError:", e)
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop)
`,
  asynccontextmanager_as_decorator: `
import asyncio
from contextlib import asynccontextmanager, contextmanager

@asynccontextmanager
async def timed(label):
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("enter", label)
    try:
        yield
    finally:
        print("exit", label, round(loop.time() - start, 3))

@timed("job")
async def job(n):
    await asyncio.sleep(0.1 * n)
    return n * 2

@contextmanager
def section(name):
    print("begin", name)
    yield
    print("end", name)

@section("sync")
def work():
    print("working")

async def main():
    work()
    print(await job(1))
    print(await asyncio.gather(job(2), job(3)))
    print(job.__name__)

asyncio.run(main())
`,
  match_statement: `
import asyncio
from dataclasses import dataclass
from enum import Enum

class Color(Enum):
    RED = 1
    GREEN = 2

@dataclass
class Point:
    x: int
    y: int

def describe(command):
    match command:
        case []:
            return "empty"
        case ["go", direction]:
            return f"go {direction}"
        case ["pick", *items] if items:
            return f"pick {items}"
        case ("quit" | "exit") as word:
            return f"bye ({word})"
        case {"action": "move", "to": (x, y), **rest}:
            return f"move {x},{y} {rest}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on the y axis at {yy}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Color.RED:
            return "red"
        case int(n) | float(n) if n < 0:
            return f"negative {n}"
        case -1.5 | 0 | None | True:
            return f"special {command!r}"
        case str() as s:
            return f"some text {s}"
        case _:
            return f"other {command!r}"

for c in [[], ["go", "north"], ["pick"], ["pick", "a", "b"], "quit", "exit", {"action": "move", "to": (1, 2), "speed": 3},
          Point(0, 0), Point(0, 5), Point(3, 3), Point(1, 2), Color.RED, Color.GREEN, -3, -2.5, -1.5, 0, None, True, False, "hello", (1, 2, 3), 3.0]:
    print(describe(c))

async def worker(queue):
    while True:
        msg = await queue.get()
        match msg:
            case ("add", n):
                print("adding", n)
                await asyncio.sleep(0.1)
            case ("stop",):
                print("stopping")
                return
            case other if await asyncio.sleep(0, result=True):
                print("unknown", other)

async def main():
    q = asyncio.Queue()
    for m in [("add", 1), "???", ("add", 2), ("stop",)]:
        q.put_nowait(m)
    await worker(q)

asyncio.run(main())
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print("TypeError:", e)
try:
    match 5:
        case int(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)
match {"a": 1}:
    case {"a": 1, "b": 2}:
        print("no")
    case {"a": v}:
        print("a is", v)
`,
  async_generator_expressions: `
import asyncio

async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i

async def double(x):
    await asyncio.sleep(0.1)
    return x * 2

def make(ts):
    return (await t for t in ts)

async def main():
    g = (x * 10 async for x in ticker(3))
    print(type(g).__name__, g)
    print([v async for v in g])
    print([v async for v in (await double(i) for i in range(3))])
    print([v async for v in make([double(5), double(6)])])
    evens = (x async for x in ticker(6) if x % 2 == 0)
    async for e in evens:
        print("even", e)
    try:
        (x async for x in 5)
    except TypeError as e:
        print("TypeError:", e)
    print(sum(x for x in await double(2) * [1]))
    print(sum(x for x in [await double(1), 5]))

asyncio.run(main())

async def awaits_first():
    # The first iterable awaits where the expression is written; the rest runs as it is iterated.
    print(sum(x for x in await double(2) * [1]), list(x + 1 for x in [await double(1), 5]))

asyncio.run(awaits_first())
`,
  sleep_results_in_expressions: `
import asyncio

async def main():
    x = 1 + await asyncio.sleep(0.5, 41)
    print(x, [await asyncio.sleep(0.25, i) for i in range(2)], await asyncio.sleep(0, "now"))
    print(await asyncio.sleep(0.125), asyncio.get_running_loop().time())

asyncio.run(main())
`,
  loops_that_suspend: `
import asyncio

async def scan(rows):
    found = []
    for r, row in enumerate(rows):
        n = 0
        while n < len(row):
            await asyncio.sleep(0.01 * row[n])
            if row[n] == 0:
                n += 1
                continue
            if row[n] < 0:
                break
            if row[n] == 9:
                return found, (r, n)
            for k in range(row[n]):
                if k == 2:
                    break
                await asyncio.sleep(0)
                found.append((r, n, k))
            n += 1
        found.append(("row", r, n))
    return found, None

async def fails_deep():
    total = 0
    for i in range(3):
        while True:
            await asyncio.sleep(0.1)
            total += i
            if total > 1:
                raise ValueError(f"total {total} at i={i}")
            break
    return total

async def counts_down(n):
    while n:
        n -= 1
        await asyncio.sleep(0)
    return "liftoff"

async def cancelled_in_loop(log):
    try:
        for i in range(100):
            for j in range(2):
                await asyncio.sleep(0.05)
                log.append((i, j))
    except asyncio.CancelledError:
        log.append("cancelled")
        raise
    finally:
        log.append("finally")

async def main():
    print(await scan([[1, 0, 3], [2, -1, 5], [0, 0]]))
    print(await scan([[3, 9, 1]]))
    print(await counts_down(3))
    try:
        await fails_deep()
    except ValueError as e:
        print("caught", repr(e))
    log = []
    t = asyncio.create_task(cancelled_in_loop(log))
    await asyncio.sleep(0.32)
    t.cancel()
    r = await asyncio.gather(t, return_exceptions=True)
    print(log, type(r[0]).__name__)
    await fails_deep()

asyncio.run(main())
`,
  tasks_and_gather: `
import asyncio

async def worker(name, delay, results):
    await asyncio.sleep(delay)
    results.append(name)
    return name.upper()

async def main():
    results = []
    t = asyncio.create_task(worker("a", 0.2, results))
    u = asyncio.create_task(worker("b", 0.1, results), name="bee")
    print(t.get_name(), u.get_name(), t.done(), asyncio.current_task().get_name())
    r = await asyncio.gather(t, u, worker("c", 0.05, results))
    print(r, results, t.result(), t.done(), u.cancelled(), type(r).__name__)
    res = await asyncio.gather(asyncio.sleep(0.1, 1), asyncio.sleep(0.05, 2), return_exceptions=True)
    print(res, await asyncio.gather())
    u.set_name("renamed")
    print(u.get_name())

asyncio.run(main())
`,
  async_generators: `
import asyncio

async def agen(n):
    try:
        for i in range(n):
            await asyncio.sleep(0.1)
            yield i * i
    finally:
        print("agen cleanup", n)

class Ticker:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await asyncio.sleep(0.01)
        return self.n

async def main():
    print([x async for x in agen(3)], [await asyncio.sleep(0, v) for v in "ab"])
    async for v in agen(2):
        print("agen", v)
    async for n in Ticker(3):
        print("tick", n)
    g = agen(5)
    print(await g.__anext__(), await anext(g))
    await g.aclose()
    async for v in agen(4):
        if v > 0:
            break
    print("after break")
    await asyncio.sleep(0.01)
    print("end")

asyncio.run(main())
`,
  async_generator_asend_athrow: `
import asyncio

async def running_total():
    total = 0
    while True:
        try:
            value = yield total
        except ValueError as e:
            print("skipped:", e)
            continue
        if value is None:
            break
        total += value

async def main():
    acc = running_total()
    print(await acc.asend(None))
    print(await acc.asend(5), await acc.asend(10))
    print(await acc.athrow(ValueError("not a number")))
    print(await acc.athrow(ValueError, ValueError("twice")))
    try:
        await acc.asend(None)
    except StopAsyncIteration:
        print("finished", acc.ag_running)
    fresh = running_total()
    pending = fresh.asend(1)
    print(type(pending).__name__)
    try:
        await pending
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
`,
  async_context_managers: `
import asyncio

class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("enter", self.name)
        await asyncio.sleep(0.05)
        return self
    async def __aexit__(self, et, e, tb):
        print("exit", self.name, et.__name__ if et else None, e)
        return self.name == "swallow"

async def main():
    async with Resource("a") as res:
        print("inside", res.name)
    try:
        async with Resource("b"):
            raise ValueError("in body")
    except ValueError as e:
        print("caught", e)
    async with Resource("swallow"):
        raise KeyError("swallowed")
    async with Resource("x") as x, Resource("y") as y:
        print("both", x.name, y.name)
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    print("unlocked", lock.locked())
    sem = asyncio.Semaphore(2)
    async with sem:
        print("sem", sem.locked())
    try:
        async with 5:
            pass
    except TypeError as e:
        print(e)

asyncio.run(main())
`,
  loop_callbacks_and_futures: `
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.5, fut.set_result, "later")
    loop.call_soon(print, "soon", 1)
    h = loop.call_later(0.2, print, "cancelled!")
    h.cancel()
    print(h.cancelled(), await fut, loop.time())
    fut2 = asyncio.Future()
    fut2.add_done_callback(lambda f: print("done cb", f.result()))
    fut2.set_result(42)
    await asyncio.sleep(0)
    print(fut2.done(), fut2.result(), fut2.cancelled())
    fut3 = loop.create_future()
    fut3.set_exception(ValueError("bad"))
    try:
        await fut3
    except ValueError as e:
        print("awaited exception", e, repr(fut3.exception()))
    fut4 = loop.create_future()
    print(fut4.cancel("why"), fut4.cancelled())
    try:
        fut4.result()
    except asyncio.CancelledError as e:
        print("cancelled with", repr(e))
    loop.call_at(loop.time() + 0.1, print, "call_at")
    await asyncio.sleep(0.2)
    try:
        fut2.set_result(1)
    except asyncio.InvalidStateError as e:
        print("invalid state:", e)

asyncio.run(main())
`,
  queues_and_primitives: `
import asyncio

async def main():
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    print(q.qsize(), await q.get(), q.get_nowait(), q.empty(), q.full())
    bq = asyncio.Queue(maxsize=1)
    bq.put_nowait("x")
    try:
        bq.put_nowait("y")
    except asyncio.QueueFull:
        print("full")
    e = asyncio.Queue()
    try:
        e.get_nowait()
    except asyncio.QueueEmpty:
        print("empty")
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        await pq.put(item)
    print([await pq.get() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for i in range(3):
        lq.put_nowait(i)
    print([lq.get_nowait() for _ in range(3)])
    ev = asyncio.Event()
    async def setter():
        await asyncio.sleep(0.1)
        ev.set()
    asyncio.create_task(setter())
    print(await ev.wait(), ev.is_set())
    cond = asyncio.Condition()
    ready = []
    async def waiter(n):
        async with cond:
            await cond.wait_for(lambda: len(ready) > 0)
            print("waiter", n, "sees", ready)
    tasks = [asyncio.create_task(waiter(i)) for i in range(2)]
    await asyncio.sleep(0.1)
    async with cond:
        ready.append(1)
        cond.notify_all()
    await asyncio.gather(*tasks)
    bs = asyncio.BoundedSemaphore(1)
    await bs.acquire()
    bs.release()
    try:
        bs.release()
    except ValueError as e:
        print(e)

asyncio.run(main())
`,
  timeouts_and_cancellation: `
import asyncio

async def slow(name, t):
    try:
        await asyncio.sleep(t)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    try:
        await asyncio.wait_for(slow("w", 1), timeout=0.1)
    except asyncio.TimeoutError as e:
        print("timeout", type(e).__name__, repr(e), isinstance(e, TimeoutError))
    print(await asyncio.wait_for(slow("fast", 0.05), timeout=1))
    try:
        async with asyncio.timeout(0.2) as cm:
            await slow("in-timeout", 1)
    except TimeoutError:
        print("block timed out", cm.expired())
    t = asyncio.create_task(slow("t", 1))
    await asyncio.sleep(0.1)
    print(t.cancel("stop"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiting cancelled task:", repr(e), t.cancelled())
    sh = await asyncio.shield(slow("shielded", 0.01))
    print(sh)
    done, pending = await asyncio.wait([asyncio.create_task(slow("x", 0.1)), asyncio.create_task(slow("y", 0.3))], return_when=asyncio.FIRST_COMPLETED)
    print(len(done), len(pending), [d.result() for d in done])
    for p in pending:
        p.cancel()
    await asyncio.sleep(0)
    for coro in asyncio.as_completed([slow("p", 0.2), slow("q", 0.1)]):
        print("as_completed", await coro)

asyncio.run(main())
`,
  taskgroup_and_errors: `
import asyncio

async def job(n):
    await asyncio.sleep(0.1 * n)
    if n == 2:
        raise ValueError(f"job {n} failed")
    return n

async def main():
    async with asyncio.TaskGroup() as tg:
        ts = [tg.create_task(job(n)) for n in (1, 3)]
    print([t.result() for t in ts])
    try:
        async with asyncio.TaskGroup() as tg:
            for n in (1, 2, 3):
                tg.create_task(job(n), name=f"job-{n}")
    except* ValueError as eg:
        print("group:", repr(eg), [str(e) for e in eg.exceptions])
    try:
        await asyncio.gather(job(2), job(1))
    except ValueError as e:
        print("gather raised", e)
    results = await asyncio.gather(job(2), job(1), return_exceptions=True)
    print(results)

asyncio.run(main())
`,
  time_and_blocking: `
import asyncio
import time

start = time.perf_counter()
time.sleep(0.5)
print(time.perf_counter() - start, time.monotonic(), time.time())

async def ticker():
    for i in range(3):
        await asyncio.sleep(0.25)
        print("tick", i, asyncio.get_running_loop().time())

async def blocker():
    await asyncio.sleep(0.1)
    time.sleep(0.6)
    print("blocked until", time.monotonic())

async def main():
    await asyncio.gather(ticker(), blocker())
    return time.perf_counter() - start

print(round(asyncio.run(main()), 3))
time.sleep(1)
print(time.time())
`,
  random_seeded: `
import random
random.seed(42)
print(random.random(), random.randint(1, 10), random.choice("abc"), random.uniform(1, 2), random.randrange(10))
xs = list(range(10))
random.shuffle(xs)
print(xs, random.sample(range(100), 3), random.randrange(0, 100, 5), random.choices([1, 2, 3], k=4), random.getrandbits(20))
random.seed("text seed")
print(random.random(), random.choices(["a", "b"], weights=[1, 3], k=5))
r = random.Random(7)
print(r.random(), r.randint(0, 100))
`,
  random_distributions: `
import random
random.seed(7)
for i in range(12):
    print(random.gauss(0, 1), random.expovariate(1.5), random.gauss(10, 2.5))
random.seed(3)
a = random.gauss()
random.seed(3)
print(a == random.gauss())
`,
  forgotten_await_and_fire_and_forget: `
import asyncio

async def greet(name):
    print("hello", name)

async def fail():
    await asyncio.sleep(0.1)
    raise RuntimeError("background failure")

async def main():
    greet("never")
    asyncio.create_task(fail())
    await asyncio.sleep(0.3)
    await greet("awaited")

asyncio.run(main())
`,
  second_asyncio_run: `
import asyncio

async def main(tag):
    print(tag, asyncio.current_task().get_name())
    t = asyncio.create_task(asyncio.sleep(0.1))
    await t
    return tag

print(asyncio.run(main("first")))
print(asyncio.run(main("second")))
`,
  aiohttp_simulation: `
import asyncio
import aiohttp

LATENCY = {"https://a.example/x": 0.2}

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get("https://a.example/x") as resp:
            print(resp.status, resp.reason, resp.ok, resp.url, resp.method, repr(resp))
            print(await resp.text())
        r2 = await session.post("https://b.example/?q=1")
        print(r2.method, await r2.json(), asyncio.get_running_loop().time())
    print(session.closed)

asyncio.run(main())
`,
  // create_task(context=ctx), loop.create_task, TaskGroup.create_task and Task(): every step runs in ctx itself.
  'create-task-context': `
import asyncio, contextvars
v = contextvars.ContextVar("v", default=0)
async def bump(tag):
    v.set(v.get() + 1)
    await asyncio.sleep(0)
    print(tag, v.get())
async def main():
    ctx = contextvars.copy_context()
    await asyncio.create_task(bump("a"), context=ctx)
    await asyncio.get_running_loop().create_task(bump("b"), context=ctx)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(bump("c"), context=ctx)
    await asyncio.Task(bump("d"), context=ctx)
    await asyncio.create_task(bump("e"))
    print("ctx holds", ctx[v], "main sees", v.get())
asyncio.run(main())
`,
  // loop.set_exception_handler: the handler gets each context CPython logs (never retrieved, callback
  // errors, direct calls); one that raises goes to the default handler; None restores it.
  'exception-handler': `
import asyncio

seen = []

def handler(loop, context):
    keys = list(context)
    exc = context.get("exception")
    print("handler:", context["message"], keys, type(exc).__name__)
    if "future" in context:
        print("  future done:", context["future"].done(), context["future"].get_name())
    if isinstance(exc, KeyError):
        raise RuntimeError("handler itself failed")
    if isinstance(exc, ZeroDivisionError):
        loop.default_exception_handler(context)

async def fails(exc, delay):
    await asyncio.sleep(delay)
    raise exc

def bad_callback():
    1 / 0

async def main():
    loop = asyncio.get_running_loop()
    print(loop.get_exception_handler())
    try:
        loop.set_exception_handler(42)
    except TypeError as e:
        print("TypeError:", e)
    loop.set_exception_handler(handler)
    print(loop.get_exception_handler() is handler)
    asyncio.create_task(fails(ValueError("v"), 0.1))
    asyncio.create_task(fails(KeyError("k"), 0.2))
    loop.call_soon(bad_callback)
    await asyncio.sleep(0.3)
    loop.call_exception_handler({"message": "custom report", "detail": 1})
    loop.set_exception_handler(None)
    print(loop.get_exception_handler())
    loop.call_exception_handler({"message": "to the default", "exception": OSError("disk")})
    loop.default_exception_handler({"exception": ValueError("no message")})
    loop.set_exception_handler(lambda l, c: print("lambda got", c["message"]))
    asyncio.create_task(asyncio.sleep(10))

asyncio.run(main())
`,
  // A task destroyed while pending, reported to the program's handler when its loop's script ends.
  'exception-handler-destroyed-pending': `
import asyncio

def handler(loop, context):
    print("handler:", list(context), context["message"])

async def forever():
    await asyncio.sleep(100)

async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    asyncio.create_task(forever())
    await asyncio.sleep(0.1)

loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
print("closed")
`,
  // An async generator whose finally raises while asyncio.run's shutdown closes it: the log names it.
  'asyncgen-shutdown-error': `
import asyncio

async def gen():
    try:
        yield 1
        yield 2
    finally:
        raise ValueError("cleanup failed")

async def main():
    g = gen()
    print(await g.__anext__())
    global keep
    keep = g

asyncio.run(main())
print("end")
`,
  'traceback-module': `
import asyncio
import traceback

def parse(text):
    raise ValueError(f"bad record: {text!r}")

async def worker(text):
    await asyncio.sleep(0.1)
    parse(text)

async def main():
    try:
        await worker("x=1")
    except ValueError:
        print("format_exc:")
        print(traceback.format_exc())
        traceback.print_exc()
    try:
        raise KeyError("missing")
    except KeyError as e:
        print(traceback.format_exception_only(e))
        print("".join(traceback.format_exception(type(e), e, e.__traceback__)))
        traceback.print_exception(e)
    print(repr(traceback.format_exc()))
    results = await asyncio.gather(worker("a"), return_exceptions=True)
    for r in results:
        print("".join(traceback.format_exception(r)).splitlines()[-1])

asyncio.run(main())
`,
  'heapq-bisect-modules': `
import asyncio
import bisect
import heapq

async def main():
    h = []
    for x in [5, 1, 8, 3, 9, 2, 7]:
        heapq.heappush(h, x)
    print(h, heapq.heappop(h), h)
    print(heapq.nsmallest(3, [4, 1, 7, 3]), heapq.nlargest(2, "hello"), heapq.nlargest(2, [(1, "a"), (3, "b")], key=lambda t: t[0]))
    jobs = [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent")]
    heapq.heapify(jobs)
    print(jobs)
    print([heapq.heappop(jobs)[1] for _ in range(4)])
    print(heapq.heappushpop([1, 5], 3), heapq.heapreplace([1, 5], 3), list(heapq.merge([1, 4, 9], [2, 3, 10])))
    try:
        heapq.heappop([])
    except IndexError as e:
        print("IndexError:", e)
    a = [1, 2, 4, 4, 8]
    print(bisect.bisect(a, 4), bisect.bisect_left(a, 4), bisect.bisect_right(a, 0), bisect.insort(a, 5), a)
    grades = "FDCBA"
    print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])
    rows = [("b", 2), ("d", 4)]
    bisect.insort(rows, ("c", 3), key=lambda r: r[1])
    print(rows, bisect.bisect_left(rows, 3, key=lambda r: r[1]))
    # A timer wheel: (deadline, name) pairs popped in time order.
    timers = []
    for name, delay in [("flush", 0.3), ("ping", 0.1), ("gc", 0.2)]:
        heapq.heappush(timers, (asyncio.get_running_loop().time() + delay, name))
    while timers:
        when, name = heapq.heappop(timers)
        await asyncio.sleep(when - asyncio.get_running_loop().time())
        print(f"{when:.1f}", name)

asyncio.run(main())
`,
  'statistics-module': `
import asyncio
import statistics

async def timed(delay):
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.sleep(delay)
    return loop.time() - start

async def main():
    lat = await asyncio.gather(*(timed(d) for d in [0.12, 0.5, 0.33, 0.1, 0.2]))
    print(statistics.mean(lat), statistics.median(lat), statistics.stdev(lat), statistics.pstdev(lat))
    print(statistics.mean([1, 2, 3]), statistics.mean([1, 2, 3, 4]), statistics.median([1, 3, 2, 4]), statistics.mode("abbc"), statistics.multimode("aabbc"))
    print(statistics.variance([1, 2, 3, 4]), statistics.pvariance([1, 2, 3, 4]), statistics.fmean([1, 2, 4]), statistics.quantiles([1, 2, 3, 4, 5, 6, 7, 8], n=4))
    print(statistics.mean([0.1, 0.2, 0.3]), statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]), statistics.harmonic_mean([40, 60]), statistics.median_low([1, 2, 3, 4]), statistics.median_high([1, 2, 3, 4]))
    print(statistics.quantiles([1, 2, 3, 4, 5], n=10, method="inclusive"), statistics.geometric_mean([1, 10, 100]) > 9.99, statistics.pvariance([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]))
    for bad in ([], [1]):
        try:
            statistics.stdev(bad)
        except statistics.StatisticsError as e:
            print("StatisticsError:", e, isinstance(e, ValueError))

asyncio.run(main())
`,
  'copy-types-textwrap-modules': `
import asyncio
import copy
import textwrap
import types
from dataclasses import dataclass, field

@dataclass
class Job:
    name: str
    tags: list = field(default_factory=list)

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

async def main():
    cfg = {"hosts": ["a", "b"], "port": 80}
    shallow, deep = copy.copy(cfg), copy.deepcopy(cfg)
    cfg["hosts"].append("c")
    print(shallow, deep)
    p = Point(1, [2])
    q, r = copy.copy(p), copy.deepcopy(p)
    p.y.append(3)
    print(q, r, q is p, copy.copy((1, 2)) == (1, 2))
    j = Job("build", ["ci"])
    j2 = copy.deepcopy(j)
    j2.tags.append("nightly")
    print(j, j2, j == copy.copy(j))
    shared = [1]
    pair = [shared, shared]
    dup = copy.deepcopy(pair)
    print(dup[0] is dup[1], dup[0] is shared)
    ns = types.SimpleNamespace(a=1, b="x")
    ns.c = [1]
    print(ns, ns == types.SimpleNamespace(a=1, b="x", c=[1]), vars(ns))
    print(isinstance(main, types.FunctionType), isinstance(len, types.BuiltinFunctionType))
    print(textwrap.dedent("""
        hello
          world
        """))
    print(textwrap.indent("a\\nb\\n\\nc", "> "), end="|\\n")

asyncio.run(main())
`,
  // re: the regular expressions crawler and log-parsing examples use (groups, flags, sub, split, findall).
  're-module': `
import asyncio
import re

HREF_RE = re.compile(r'href="(.*?)"')
PAGE = '<a href="/a">A</a> <a href="https://x.org/b">B</a> <A HREF="/c">'

async def parse(page):
    await asyncio.sleep(0.1)
    return HREF_RE.findall(page)

async def main():
    print(await parse(PAGE))
    print(re.findall(r'href="(.*?)"', PAGE, re.IGNORECASE), HREF_RE)
    m = re.search(r"(?P<user>\\w+)@(?P<host>[\\w.]+)", "mail bob@example.com now")
    print(m, m.group(), m.group("user"), m["host"], m.groups(), m.groupdict(), m.span(2), m.start(), m.end("user"), m.lastindex, m.lastgroup)
    print(re.match(r"\\d+", "123abc"), re.match(r"\\d+", "abc123"), re.fullmatch(r"\\d+", "123"), re.fullmatch(r"\\d+", "123a"))
    print(re.sub(r"\\s+", " ", "a   b \\t c\\n d"), re.sub(r"(\\w+)=(\\d+)", r"\\2=\\1", "x=1, y=22"), re.subn("a", "b", "banana"))
    print(re.sub(r"\\d", lambda m: str(int(m.group()) * 2), "a1b2c3"), re.sub("x*", "-", "abxd"), re.sub(r"(?P<w>\\w)", r"\\g<w>\\g<w>", "ab"))
    print(re.split(r"[,;]\\s*", "a, b;c,d"), re.split(r"(,)", "a,b,c"), re.split(r"\\s", "a b c", maxsplit=1), re.split("x*", "axbc"))
    print([m.span() for m in re.finditer(r"\\d+", "a12b345c6")], re.escape("1.5*x+[y]"), re.compile(r"a+", re.I | re.M))
    log = "2024-01-01 ERROR disk full\\n2024-01-02 INFO ok\\n2024-01-03 ERROR cpu hot"
    print(re.findall(r"^(\\S+) ERROR (.*)$", log, re.MULTILINE), re.findall(r"ok$", "ok\\n"), bool(re.search(r"^INFO", log)))
    print(re.match(r"(a)(b)?", "ac").groups(), re.match(r"(a)(b)?", "ac").groups("-"), re.match(r"((a)b)", "ab").lastindex, re.match(r"(a)()", "a").lastindex)
    pat = re.compile(r"""
        (\\d{3})   # area
        [-.\\s]?
        (\\d{4})   # number
    """, re.VERBOSE)
    print(pat.search("call 555-1234 now").groups(), re.search(r"(?i)hello", "HeLLo world").group(), re.findall(r"\\bcat\\b", "cat concat cat."))
    try:
        re.compile(r"(unclosed")
    except re.error as e:
        print("re.error raised", isinstance(e, Exception))
    print(re.search(r"(?P<q>['\\"]).*?(?P=q)", "say 'hi' now").group(), re.findall(r"[^]a]", "]ab"), re.compile("x").flags)

asyncio.run(main())
`,
  // inspect: the checks that let code accept sync and async callbacks alike.
  'inspect-module': `
import asyncio
import functools
import inspect

async def acb(x):
    """Double x,
    slowly.
    """
    await asyncio.sleep(0.1)
    return x * 2

def scb(x):
    return x + 1

def gen():
    yield 1

async def agen():
    yield 1

class Service:
    async def handle(self, x):
        return await acb(x)

    def sync(self):
        return 1

async def call_any(fn, x):
    if inspect.iscoroutinefunction(fn):
        return await fn(x)
    res = fn(x)
    if inspect.isawaitable(res):
        return await res
    return res

async def main():
    s = Service()
    print(await call_any(acb, 2), await call_any(scb, 2), await call_any(lambda x: acb(x), 5), await call_any(s.handle, 4))
    print([inspect.iscoroutinefunction(f) for f in (acb, scb, s.handle, s.sync, functools.partial(acb, 1), print, Service)])
    print(inspect.isgeneratorfunction(gen), inspect.isasyncgenfunction(agen), inspect.isfunction(scb), inspect.ismethod(s.sync), inspect.isclass(Service))
    g = gen()
    print(inspect.isgenerator(g), inspect.isbuiltin(len), inspect.isroutine(s.sync), inspect.ismodule(asyncio))
    t = asyncio.create_task(acb(1))
    print(inspect.isawaitable(t), inspect.isawaitable(3), inspect.getdoc(acb))
    await t

asyncio.run(main())
`,
};

asyncio_cases.coroutine_reuse = `
import asyncio
async def f(x):
    await asyncio.sleep(0.1)
    return x
async def main():
    cs = [f(i) for i in range(2)]
    print(await asyncio.gather(*cs))
    try:
        print(await asyncio.gather(*cs))
    except RuntimeError as e:
        print("second gather:", e)
    c = f(5)
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("await again:", e)
    t = asyncio.create_task(c)
    try:
        await t
    except RuntimeError as e:
        print("task of finished coroutine:", e)
asyncio.run(main())
`;

asyncio_cases.edge_semantics = `
import asyncio

async def say(x):
    print("say", x)
    return x

async def agen():
    try:
        yield 1
        yield 2
    finally:
        print("agen finally runs even when its closing task is cancelled")

async def main():
    loop = asyncio.get_running_loop()
    print(type(loop.time).__name__, type([].append).__name__, type(asyncio.sleep).__name__)
    t = asyncio.create_task(say(1))
    for bad in [lambda: t(), lambda: t.nope, lambda: loop.time[0], lambda: list[int](), lambda: int[0]]:
        try:
            print(bad())
        except (TypeError, AttributeError) as e:
            print(type(e).__name__, e)
    try:
        await asyncio.gather(say("a"), say("b"), [0])
    except TypeError as e:
        print("gather failed late:", e)
    try:
        await asyncio.gather(say("c"), 5)
    except TypeError as e:
        print("gather failed late:", e)
    await asyncio.sleep(0)
    try:
        t.result(1)
    except TypeError as e:
        print(e)
    f = loop.create_future()
    try:
        f.result()
    except asyncio.InvalidStateError as e:
        print("pending result:", e)
    async for v in agen():
        break
    raise RuntimeError("main fails right after abandoning the generator")

asyncio.run(main())
`;

// The private attributes tutorials print to show a primitive's state, with CPython's values and types.
asyncio_cases.private_state_attributes = `
import asyncio

async def worker(name, sem, lock, log):
    async with sem:
        async with lock:
            log.append(name)
            await asyncio.sleep(0.1)

async def main():
    loop = asyncio.get_running_loop()
    sem = asyncio.Semaphore(2)
    lock = asyncio.Lock()
    event = asyncio.Event()
    cond = asyncio.Condition()
    queue = asyncio.Queue()
    print("fresh:", sem._value, sem._waiters, lock._locked, lock._waiters, event._value, event._waiters, cond._waiters)
    print("queue:", queue._queue, queue._unfinished_tasks, queue._getters, queue._putters)
    log = []
    tasks = [asyncio.create_task(worker(f"w{i}", sem, lock, log)) for i in range(4)]
    getter = asyncio.create_task(queue.get())
    await asyncio.sleep(0)
    print("busy:", sem._value, len(sem._waiters), lock._locked, lock._waiters)
    print("getters:", queue._getters)
    for item in "ab":
        queue.put_nowait(item)
    print("items:", queue._queue, type(queue._queue).__name__, queue._unfinished_tasks)
    await asyncio.sleep(0)
    print("after get:", queue._queue, getter.result(), queue._unfinished_tasks)
    fut = loop.create_future()
    print("future:", fut._state, fut._callbacks, fut._result, fut._exception)
    fut.add_done_callback(print)
    print("callbacks:", len(fut._callbacks), fut._callbacks[0][0] is print)
    fut.set_result(42)
    print("future:", fut._state, fut._result, fut._callbacks)
    t = tasks[0]
    print("task:", t._state, t._coro, t._fut_waiter, t._must_cancel)
    print("loop:", type(loop._ready).__name__, len(loop._ready), len(loop._scheduled))
    sem._value += 3
    print("bumped:", sem._value, sem.locked())
    await asyncio.gather(*tasks)
    print("done:", log, t._state, t._fut_waiter, sem._value, sem._waiters, lock._waiters)
    barrier = asyncio.Barrier(3)
    print("barrier:", barrier._count, barrier._state, repr(barrier._state))
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        pq.put_nowait(item)
    stack = asyncio.LifoQueue()
    stack.put_nowait(1)
    stack.put_nowait(2)
    print("heap:", pq._queue, type(pq._queue).__name__, stack._queue)
    event.set()
    print("event:", event._value)

asyncio.run(main())
`;

// Future.__del__ logs a plain future's unread exception when its last reference goes: at a del, or when the frame holding it ends.
asyncio_cases.future_exception_never_retrieved = `
import asyncio

async def helper(loop):
    fut = loop.create_future()
    fut.set_exception(RuntimeError("lost in helper"))
    await asyncio.sleep(0.1)
    print("helper returns")

async def main():
    loop = asyncio.get_running_loop()
    await helper(loop)
    print("after helper")
    kept = loop.create_future()
    kept.set_exception(KeyError("read"))
    print("read:", repr(kept.exception()))
    del kept
    a = loop.create_future()
    a.set_exception(ValueError("first"))
    b = a
    del a
    print("still held by b")
    del b
    shared = loop.create_future()
    async def join():
        try:
            await shared
        except LookupError as e:
            print("joiner got", repr(e))
    joiner = asyncio.create_task(join())
    await asyncio.sleep(0)
    def fail_shared():
        fut = shared
        fut.set_exception(LookupError("shared"))
    fail_shared()
    await joiner
    print("end")

asyncio.run(main())
`;

// Reprs as asyncio's format helpers make them: partial callbacks, reprlib-cut arguments, a done
// callback's future, asyncio's own coroutines (running at / done, defined at), cancelling, Timeout.
asyncio_cases.callback_and_timeout_reprs = `
import asyncio
import functools


def report(label, fut):
    print("done:", label, fut.result())


class Tracker:
    def seen(self, fut):
        print("tracker saw", fut.result())


def shout(fut):
    raise RuntimeError("callback crashed")


async def job(n):
    await asyncio.sleep(0.1)
    return n


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    tracker = Tracker()
    fut.add_done_callback(functools.partial(report, "first"))
    fut.add_done_callback(tracker.seen)
    print(fut)
    handle = loop.call_later(0.5, print, "a rather long message for the log", list(range(10)), {"k": 1})
    print(handle)
    print(loop.call_soon(functools.partial(print, "x", sep="-"), "y"))
    print(loop._scheduled[0])
    fut.set_result(7)
    task = asyncio.create_task(job(1))
    task.add_done_callback(shout)
    sleeper = asyncio.create_task(asyncio.sleep(1))
    print(sleeper)
    await asyncio.sleep(0)
    print(sleeper)
    sleeper.cancel()
    print(sleeper)
    await asyncio.sleep(0)
    print(sleeper)
    await task
    await asyncio.sleep(0)
    async with asyncio.timeout(2) as cm:
        print(cm)
    print(cm)
    handle.cancel()


asyncio.run(main())
`;

const endings: CaseTable = {
  uncaught_in_task: `
import asyncio
async def boom():
    await asyncio.sleep(0.1)
    raise ValueError("boom")
async def main():
    await asyncio.gather(boom(), asyncio.sleep(0.5))
asyncio.run(main())
`,
  uncaught_module_level: `
import time
time.sleep(0.5)
print("before")
print({}["nope"])
`,
  exit_codes: `
print("bye")
exit(0)
print("not reached")
`,
  exit_nonzero: `
import asyncio
async def main():
    exit(3)
asyncio.run(main())
`,
  deadlock_lock: `
import asyncio
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    async def other():
        async with lock:
            print("never")
    await asyncio.gather(other())
asyncio.run(main())
`,
  cancelled_main: `
import asyncio
async def main():
    raise asyncio.CancelledError("main gives up")
asyncio.run(main())
`,
  exception_group_end: `
import asyncio
async def bad(n):
    raise KeyError(n)
async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(bad(1))
        tg.create_task(bad(2))
asyncio.run(main())
`,
  runaway_task: `
import asyncio
async def spin():
    n = 0
    while True:
        n += 1
async def main():
    asyncio.create_task(spin())
    await asyncio.sleep(1)
    print("never")
asyncio.run(main())
`,
  virtual_time_limit: `
import asyncio
async def main():
    while True:
        await asyncio.sleep(100000)
asyncio.run(main())
`,
};

// asyncio.Runner (3.11): one loop for several runs, one context they share, and close()'s two
// shutdown tasks, whose numbers the next main task's name shows.
asyncio_cases.runner_lifecycle = `
import asyncio
import contextvars

request = contextvars.ContextVar("request", default="none")

async def login(user):
    await asyncio.sleep(0.1)
    request.set(user)
    return f"{user} logged in"

async def whoami():
    await asyncio.sleep(0.1)
    return f"{asyncio.current_task().get_name()}: {request.get()}"

async def ticker():
    for i in range(4):
        print("tick", i)
        await asyncio.sleep(0.1)

async def start_ticker():
    asyncio.create_task(ticker())
    await asyncio.sleep(0)

with asyncio.Runner() as runner:
    loop = runner.get_loop()
    print(loop is asyncio.get_event_loop(), loop.get_debug())
    print(runner.run(login("ada")))
    print(runner.run(whoami()))
    print(runner.run(whoami(), context=contextvars.Context()))
    runner.run(start_ticker())
    print("between runs", round(loop.time(), 2))
    print(runner.run(asyncio.sleep(0.25, "slept")))
    try:
        runner.run(print)
    except ValueError as e:
        print("ValueError:", e)
print(loop.is_closed())
try:
    runner.run(whoami())
except RuntimeError as e:
    print("RuntimeError:", e)
runner.close()
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
with asyncio.Runner(debug=True, loop_factory=asyncio.new_event_loop) as debug_runner:
    print(debug_runner.get_loop().get_debug(), runner.run is not None)
    print(debug_runner.run(whoami()))
print(asyncio.run(whoami()))
`;

// asyncio.run(x) is \`with Runner() as runner: return runner.run(x)\`: a call that fails because x is
// not a coroutine has still made its loop and closed it, with the two shutdown tasks.
asyncio_cases.run_task_numbers = `
import asyncio

async def main():
    print(asyncio.current_task().get_name())

async def outer():
    try:
        asyncio.Runner().run(main())
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
for bad in [lambda: 1, 42]:
    try:
        asyncio.run(bad)
    except ValueError as e:
        print("ValueError:", type(bad).__name__)
    asyncio.run(main())
asyncio.run(outer())
try:
    asyncio.run(None, True)
except TypeError as e:
    print("TypeError:", e)
asyncio.run(main())
`;

// SystemExit raised in a task leaves the loop at once (Task.__step re-raises it): the tick it was
// raised in stops there, and asyncio.run's cleanup cancels the rest before re-raising it.
asyncio_cases.system_exit_in_task = `
import asyncio
import sys

async def heartbeat(name):
    try:
        while True:
            print(name, "beat")
            await asyncio.sleep(0.1)
    finally:
        print(name, "stopped")

async def failing_check():
    await asyncio.sleep(0.2)
    print("check failed, exiting")
    sys.exit(2)

async def main():
    asyncio.create_task(heartbeat("a"))
    checker = asyncio.create_task(failing_check())
    asyncio.create_task(heartbeat("b"))
    await checker
    print("not reached")

try:
    asyncio.run(main())
except SystemExit as e:
    print("exit code", e.code)

def stop_now():
    print("callback exits")
    raise SystemExit(5)

async def with_callback():
    asyncio.get_running_loop().call_later(0.15, stop_now)
    await heartbeat("c")

try:
    asyncio.run(with_callback())
except SystemExit as e:
    print("exit code", e.code)
`;

// A coroutine handed to a call that raised stays in that call's frame, which the traceback keeps:
// "never awaited" comes when the handler is done with the exception (once per handler line).
asyncio_cases.never_awaited_after_handler = `
import asyncio

async def fetch(n):
    await asyncio.sleep(n)
    return n

async def nested_run():
    asyncio.run(fetch(1))

async def main():
    for attempt in range(2):
        try:
            await asyncio.wait([fetch(1), fetch(2)])
        except TypeError as e:
            print("attempt", attempt, e)
    try:
        await nested_run()
    except RuntimeError as e:
        print("RuntimeError:", e)
    loop = asyncio.get_running_loop()
    try:
        loop.run_until_complete(fetch(3))
    except RuntimeError as e:
        print("RuntimeError:", e)
    kept = fetch(0.1)
    try:
        await asyncio.wait([kept], return_when="NEVER")
    except ValueError as e:
        print("ValueError:", e)
    print("kept still runs:", await kept)
    group = asyncio.TaskGroup()
    print(repr(group))
    try:
        group.create_task(fetch(4))
    except RuntimeError as e:
        print("RuntimeError:", e)
    async with group:
        print(repr(group))
        group.create_task(fetch(0.1))
        print(repr(group))
    try:
        group.create_task(fetch(5))
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("main done")

try:
    asyncio.create_task(fetch(6))
except RuntimeError as e:
    print("RuntimeError:", e)
asyncio.run(main())
`;

// Awaiting one of asyncio's own coroutines a second time fails as a scenario coroutine does,
// and a task awaiting itself names itself with the frame line and run_until_complete's callback.
asyncio_cases.await_twice_and_self = `
import asyncio

async def main():
    nap = asyncio.sleep(0.1, "rested")
    print(await nap)
    try:
        await nap
    except RuntimeError as e:
        print("again:", e)
    task = asyncio.create_task(nap)
    try:
        await task
    except RuntimeError as e:
        print("as a task:", e)
    me = asyncio.current_task()
    try:
        await me
    except RuntimeError as e:
        print(e)

asyncio.run(main())
`;

// SystemExit inside a TaskGroup is re-raised as it is (_is_base_error), not grouped; a task that
// failed with it sits in a reference cycle, so its "never retrieved" comes at the exit.
asyncio_cases.system_exit_task_group = `
import asyncio
import sys

async def service(name, period):
    try:
        while True:
            await asyncio.sleep(period)
            print(name, "ok")
    finally:
        print(name, "closed")

async def supervisor():
    await asyncio.sleep(0.25)
    print("supervisor: shutting down")
    sys.exit(7)

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(service("db", 0.1))
            tg.create_task(supervisor())
            tg.create_task(service("cache", 0.2))
    finally:
        print("main finally")

try:
    asyncio.run(main())
except SystemExit as e:
    print("exit code", e.code)

async def stray():
    await asyncio.sleep(0.1)
    raise KeyboardInterrupt

async def patient():
    asyncio.create_task(stray())
    await asyncio.sleep(1)

try:
    asyncio.run(patient())
except KeyboardInterrupt:
    print("interrupted")
print("script end")
`;

// What a script leaves behind is collected only when it ends well: after an uncaught exception
// the reference exits at once (no "Task was destroyed" for the program's own loop).
asyncio_cases.uncaught_error_leaves_quietly = `
import asyncio

async def forever():
    await asyncio.sleep(100)

loop = asyncio.new_event_loop()
loop.create_task(forever())
loop.run_until_complete(asyncio.sleep(0.1))
print("about to fail")
raise ValueError("script failed")
`;

// A Runner entered inside a running loop makes its loop but cannot run it: run() refuses, and
// close() fails in run_until_complete's check (its shutdown coroutine never awaited). An async
// generator a run returns lives on until close() shuts it down.
asyncio_cases.runner_nested_and_agen = `
import asyncio

async def numbers():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0.1)
    finally:
        print("numbers closed")

async def first_two():
    agen = numbers()
    async for x in agen:
        print(x)
        if x == 1:
            break
    return agen

async def inner():
    return 1

async def main():
    try:
        with asyncio.Runner() as r:
            print("entered")
            r.run(inner())
    except RuntimeError as e:
        print("RuntimeError:", e, "| context:", repr(e.__context__))
    print(asyncio.current_task().get_name())

asyncio.run(main())
with asyncio.Runner() as runner:
    agen = runner.run(first_two())
    print("between runs")
    runner.run(asyncio.sleep(0.05))
print("runner closed")
`;

// logging reports a record it cannot format on stderr (Handler.handleError) and the program goes on.
endings.logging_format_error_goes_on = `
import asyncio
import logging
import sys

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(taskName)s %(message)s")
out = logging.getLogger("out")
out.propagate = False
handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(logging.Formatter("[%(user)s] %(levelname)s %(message)s", defaults={"user": "anon"}))
out.addHandler(handler)

async def worker(n):
    logging.info("worker %d starts", n)
    await asyncio.sleep(0.1 * n)
    out.warning("worker %d needs %d args", n)
    out.warning("worker %s done", n)
    return n * 10

async def main():
    results = await asyncio.gather(worker(1), worker(2))
    out.error("value: %d", "not a number")
    print("results", results)

asyncio.run(main())
print("after run")
`;

// logger.exception's traceback, with 3.11's carets under the part of each line that failed.
endings.logging_exception_carets = `
import asyncio
import logging
import sys

logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s")
log = logging.getLogger("app")

class ConfigError(Exception):
    pass

def average(values):
    return sum(values) / len(values)

def lookup(settings, key):
    return settings["limits"][key]  # nested

async def fetch(n):
    await asyncio.sleep(0.1)
    if n < 0:
        raise ValueError(f"negative: {n}")  # checked
    return {"ok": n}[n]

async def main():
    settings = {"limits": {"cpu": 2}}
    jobs = [
        lambda: average([]),
        lambda: lookup(settings, "memory"),
        lambda: settings.items().sort(),
        lambda: "total: " + len(settings),
        lambda: [1, 2, 3][10],
    ]
    for job in jobs:
        try:
            job()
        except Exception:
            log.exception("job failed")
    try:
        result = await fetch(-1)
    except ValueError:
        log.exception("fetch failed")
    try:
        await fetch(3)
    except KeyError as e:
        try:
            raise ConfigError("no such job") from e
        except ConfigError:
            log.exception("wrapped")
    count = 0
    try:
        count += "one"
    except TypeError:
        log.exception("count")

asyncio.run(main())
`;

export const CASES: Record<string, CaseTable> = {
  values,
  operators,
  strings,
  containers,
  sets,
  exceptions,
  classes,
  scoping,
  asyncio: asyncio_cases,
  endings,
};

/** Case id → source, e.g. "values/ints". */
export function allCases(): [string, string][] {
  const out: [string, string][] = [];
  for (const [topic, table] of Object.entries(CASES)) {
    for (const [name, src] of Object.entries(table)) out.push([`${topic}/${name}`, src.replace(/^\n/, '')]);
  }
  return out;
}
