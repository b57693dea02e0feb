/**
 * The calendar half of `time`, in Python: struct_time, gmtime, localtime, mktime, strftime,
 * asctime and ctime on the virtual clock. The scenario's time zone is UTC. The clock functions
 * (time, monotonic, sleep...) are the runtime's own (mod-time-random.ts).
 */
export const TIME_CALENDAR = String.raw`
_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                'September', 'October', 'November', 'December']

timezone = 0
altzone = 0
daylight = 0
tzname = ('UTC', 'UTC')


class struct_time:
    """time.struct_time: (tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec, tm_wday, tm_yday, tm_isdst)."""

    n_fields = 11
    n_sequence_fields = 9

    def __init__(self, seq, zone='UTC'):
        seq = tuple(seq)
        if len(seq) != 9:
            raise TypeError(f'time.struct_time() takes a 9-sequence ({len(seq)}-sequence given)')
        self._t = seq
        self.tm_zone = zone
        self.tm_gmtoff = 0

    tm_year = property(lambda self: self._t[0])
    tm_mon = property(lambda self: self._t[1])
    tm_mday = property(lambda self: self._t[2])
    tm_hour = property(lambda self: self._t[3])
    tm_min = property(lambda self: self._t[4])
    tm_sec = property(lambda self: self._t[5])
    tm_wday = property(lambda self: self._t[6])
    tm_yday = property(lambda self: self._t[7])
    tm_isdst = property(lambda self: self._t[8])

    def __getitem__(self, i):
        return self._t[i]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._t)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._t == other._t
        if isinstance(other, tuple):
            return self._t == other
        return NotImplemented

    def __hash__(self):
        return hash(self._t)

    def __repr__(self):
        names = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')
        return 'time.struct_time(' + ', '.join(f'{n}={v}' for n, v in zip(names, self._t)) + ')'


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_before_year(y):
    y -= 1
    return y * 365 + y // 4 - y // 100 + y // 400


_DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def _days_before_month(y, m):
    return _DAYS_BEFORE_MONTH[m] + (1 if m > 2 and _is_leap(y) else 0)


def _ymd_to_ordinal(y, m, d):
    return _days_before_year(y) + _days_before_month(y, m) + d


def _ordinal_to_ymd(n):
    n -= 1
    n400, n = divmod(n, 146097)
    year = n400 * 400 + 1
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    year += n100 * 100 + n4 * 4 + n1
    if n1 == 4 or n100 == 4:
        return year - 1, 12, 31
    leap = n1 == 3 and (n4 != 24 or n100 == 3)
    month = (n + 50) >> 5
    preceding = _DAYS_BEFORE_MONTH[month] + (month > 2 and leap)
    if preceding > n:
        month -= 1
        preceding -= _month_days(year, month)
    return year, month, n - preceding + 1


def _month_days(y, m):
    if m == 2:
        return 29 if _is_leap(y) else 28
    return 30 if m in (4, 6, 9, 11) else 31


_EPOCH_ORDINAL = 719163


def _from_seconds(secs, zone):
    secs = int(secs // 1)
    days, rem = divmod(secs, 86400)
    hour, rem = divmod(rem, 3600)
    minute, second = divmod(rem, 60)
    ordinal = _EPOCH_ORDINAL + days
    y, m, d = _ordinal_to_ymd(ordinal)
    wday = (ordinal + 6) % 7
    yday = ordinal - _ymd_to_ordinal(y, 1, 1) + 1
    return struct_time((y, m, d, hour, minute, second, wday, yday, 0), zone)


def gmtime(secs=None):
    return _from_seconds(time() if secs is None else secs, 'GMT')


def localtime(secs=None):
    return _from_seconds(time() if secs is None else secs, 'UTC')


def mktime(t):
    t = tuple(t)
    days = _ymd_to_ordinal(t[0], 1, 1) - _EPOCH_ORDINAL + _days_before_month(t[0], t[1]) + t[2] - 1
    return float(days * 86400 + t[3] * 3600 + t[4] * 60 + t[5])


def _format(fmt, t, microsecond=0, zone='UTC', offset='+0000'):
    y, mo, d, h, mi, s, wd, yd = t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != '%' or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        c = fmt[i + 1]
        i += 2
        if c == 'Y':
            out.append(str(y))
        elif c == 'm':
            out.append(f'{mo:02d}')
        elif c == 'd':
            out.append(f'{d:02d}')
        elif c == 'e':
            out.append(f'{d:2d}')
        elif c == 'H':
            out.append(f'{h:02d}')
        elif c == 'I':
            out.append(f'{(h % 12) or 12:02d}')
        elif c == 'M':
            out.append(f'{mi:02d}')
        elif c == 'S':
            out.append(f'{s:02d}')
        elif c == 'f':
            out.append(f'{microsecond:06d}')
        elif c == 'p':
            out.append('AM' if h < 12 else 'PM')
        elif c == 'y':
            out.append(f'{y % 100:02d}')
        elif c == 'j':
            out.append(f'{yd:03d}')
        elif c == 'a':
            out.append(_DAYS[wd])
        elif c == 'A':
            out.append(_DAY_NAMES[wd])
        elif c == 'b' or c == 'h':
            out.append(_MONTHS[mo - 1])
        elif c == 'B':
            out.append(_MONTH_NAMES[mo - 1])
        elif c == 'w':
            out.append(str((wd + 1) % 7))
        elif c == 'u':
            out.append(str(wd + 1))
        elif c == 'U':
            out.append(f'{(yd + 6 - (wd + 1) % 7) // 7:02d}')
        elif c == 'W':
            out.append(f'{(yd + 6 - wd) // 7:02d}')
        elif c == 'X' or c == 'T':
            out.append(f'{h:02d}:{mi:02d}:{s:02d}')
        elif c == 'R':
            out.append(f'{h:02d}:{mi:02d}')
        elif c == 'x' or c == 'D':
            out.append(f'{mo:02d}/{d:02d}/{y % 100:02d}')
        elif c == 'F':
            out.append(f'{y}-{mo:02d}-{d:02d}')
        elif c == 'c':
            out.append(f'{_DAYS[wd]} {_MONTHS[mo - 1]} {d:2d} {h:02d}:{mi:02d}:{s:02d} {y}')
        elif c == 'Z':
            out.append(zone)
        elif c == 'z':
            out.append(offset)
        elif c == '%':
            out.append('%')
        else:
            out.append('%' + c)
    return ''.join(out)


def strftime(format, t=None):
    if t is None:
        t = localtime()
    if not isinstance(t, (tuple, struct_time)):
        raise TypeError('Tuple or struct_time argument required')
    zone = t.tm_zone if isinstance(t, struct_time) else 'UTC'
    return _format(format, tuple(t), zone=zone)


def asctime(t=None):
    if t is None:
        t = localtime()
    t = tuple(t)
    return f'{_DAYS[t[6]]} {_MONTHS[t[1] - 1]} {t[2]:2d} {t[3]:02d}:{t[4]:02d}:{t[5]:02d} {t[0]}'


def ctime(secs=None):
    return asctime(localtime(secs))
`;
