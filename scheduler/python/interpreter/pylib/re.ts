/** re's Python half: Pattern, Match and the module functions (mod-re.ts finds each match). */
export const RE = String.raw`
"""Regular expression operations."""

A = ASCII = 256
I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
NOFLAG = 0

_FLAG_NAMES = [(256, 'ASCII'), (2, 'IGNORECASE'), (4, 'LOCALE'), (8, 'MULTILINE'), (16, 'DOTALL'), (32, 'UNICODE'), (64, 'VERBOSE')]


class error(Exception):
    """A pattern that is not a valid regular expression."""

    def __init__(self, msg, pattern=None, pos=None):
        super().__init__(msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


error.__module__ = 're'


class Match:
    """The result of a successful match: its groups, their text and where they are."""

    def __init__(self, pattern, string, pos, endpos, spans):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._spans = spans
        self.lastindex = None
        # The group that closed last: of groups ending at the same place, a later one that starts
        # where the other ends (the one after it), not one nested inside it.
        for g in range(1, pattern.groups + 1):
            start, end = spans[2 * g], spans[2 * g + 1]
            if start < 0:
                continue
            last = self.lastindex
            if last is None or end > spans[2 * last + 1] or (end == spans[2 * last + 1] and start >= spans[2 * last + 1]):
                self.lastindex = g
        self.lastgroup = None
        for name, index in pattern.groupindex.items():
            if index == self.lastindex:
                self.lastgroup = name

    def _index(self, group):
        if isinstance(group, str):
            if group not in self.re.groupindex:
                raise IndexError('no such group')
            return self.re.groupindex[group]
        if not isinstance(group, int) or group < 0 or group > self.re.groups:
            raise IndexError('no such group')
        return group

    def _text(self, g, default=None):
        start, end = self._spans[2 * g], self._spans[2 * g + 1]
        return default if start < 0 else self.string[start:end]

    def group(self, *groups):
        if not groups:
            return self._text(0)
        if len(groups) == 1:
            return self._text(self._index(groups[0]))
        return tuple(self._text(self._index(g)) for g in groups)

    def __getitem__(self, group):
        return self._text(self._index(group))

    def groups(self, default=None):
        return tuple(self._text(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._text(index, default) for name, index in self.re.groupindex.items()}

    def start(self, group=0):
        return self._spans[2 * self._index(group)]

    def end(self, group=0):
        return self._spans[2 * self._index(group) + 1]

    def span(self, group=0):
        g = self._index(group)
        return (self._spans[2 * g], self._spans[2 * g + 1])

    def expand(self, template):
        return _expand(self, template)

    def __bool__(self):
        return True

    def __repr__(self):
        return f'<re.Match object; span={self.span()!r}, match={self.group()!r}>'


Match.__module__ = 're'


class Pattern:
    """A compiled regular expression."""

    def __init__(self, pattern, flags):
        groups, groupindex, why = _info(pattern, flags)
        if why is not None:
            raise error(why, pattern)
        self.pattern = pattern
        self.flags = flags | (UNICODE if not flags & ASCII else 0)
        self._flags = flags
        self.groups = groups
        self.groupindex = groupindex

    def _run(self, string, pos, endpos, mode):
        if not isinstance(string, str):
            raise TypeError(f"expected string or bytes-like object, got '{type(string).__name__}'")
        n = len(string)
        pos = min(max(pos, 0), n)
        endpos = n if endpos is None else min(max(endpos, pos), n)
        spans = _exec(self.pattern, self._flags, string, pos, endpos, mode)
        return None if spans is None else Match(self, string, pos, endpos, spans)

    def search(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 'search')

    def match(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 'match')

    def fullmatch(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 'fullmatch')

    def finditer(self, string, pos=0, endpos=None):
        n = len(string)
        end = n if endpos is None else min(endpos, n)
        at = pos
        while at <= end:
            m = self._run(string, at, endpos, 'search')
            if m is None:
                return
            yield m
            start, stop = m.span()
            # After an empty match, the next one starts a character further on.
            at = stop + 1 if stop == start else stop

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or '')
            else:
                out.append(m.groups(''))
        return out

    def subn(self, repl, string, count=0):
        if callable(repl):
            replace = repl
        elif '\\' in repl:
            replace = lambda m: _expand(m, repl)
        else:
            replace = lambda m: repl
        pieces = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            start, stop = m.span()
            pieces.append(string[last:start])
            pieces.append(replace(m))
            last = stop
            n += 1
        pieces.append(string[last:])
        return ''.join(pieces), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            out.append(string[last:m.start()])
            out.extend(m.groups())
            last = m.end()
            n += 1
        out.append(string[last:])
        return out

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self._flags == other._flags

    def __hash__(self):
        return hash((self.pattern, self._flags))

    def __repr__(self):
        names = [name for bit, name in _FLAG_NAMES if self._flags & bit]
        if names:
            return f"re.compile({self.pattern!r}, {'|'.join('re.' + name for name in names)})"
        return f're.compile({self.pattern!r})'


Pattern.__module__ = 're'


def _expand(m, template):
    # A replacement template: \1, \g<1>, \g<name> and the usual escapes.
    out = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c != '\\' or i + 1 == n:
            out.append(c)
            i += 1
            continue
        d = template[i + 1]
        if d == 'g' and i + 2 < n and template[i + 2] == '<':
            close = template.index('>', i + 3)
            name = template[i + 3:close]
            out.append(m.group(int(name) if name.isdigit() else name) or '')
            i = close + 1
        elif d.isdigit():
            j = i + 1
            while j < n and j < i + 3 and template[j].isdigit():
                j += 1
            out.append(m.group(int(template[i + 1:j])) or '')
            i = j
        else:
            out.append({'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', 'f': '\f', 'v': '\v', 'a': '\a'}.get(d, '\\' + d))
            i += 2
    return ''.join(out)


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError('cannot process flags argument with a compiled pattern')
        return pattern
    if not isinstance(pattern, str):
        raise TypeError('first argument must be string or compiled pattern')
    key = (pattern, flags)
    if key not in _cache:
        _cache[key] = Pattern(pattern, flags)
    return _cache[key]


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


def purge():
    _cache.clear()


_SPECIAL = frozenset('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')


def escape(pattern):
    return ''.join('\\' + c if c in _SPECIAL else c for c in pattern)
`;
