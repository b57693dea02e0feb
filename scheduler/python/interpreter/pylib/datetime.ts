/**
 * datetime, in Python: date, time, datetime, timedelta and timezone with CPython 3.11's arithmetic,
 * comparisons, reprs and formats, on the virtual clock (datetime.now() is the wall clock of
 * time.time(): 2024-01-01 09:00:00 UTC when the scenario starts; the local zone is UTC).
 */
export const DATETIME = String.raw`
"""datetime for scenarios."""

import time as _time
from time import _ymd_to_ordinal, _ordinal_to_ymd, _month_days, _is_leap, _format, _EPOCH_ORDINAL

MINYEAR = 1
MAXYEAR = 9999


def _cmp(x, y):
    return 0 if x == y else 1 if x > y else -1


def _check_date(year, month, day):
    for name, value in (('year', year), ('month', month), ('day', day)):
        if not isinstance(value, int):
            raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f'year {year} is out of range')
    if not 1 <= month <= 12:
        raise ValueError('month must be in 1..12')
    if not 1 <= day <= _month_days(year, month):
        raise ValueError('day is out of range for month')


def _check_time(hour, minute, second, microsecond):
    if not 0 <= hour <= 23:
        raise ValueError('hour must be in 0..23')
    if not 0 <= minute <= 59:
        raise ValueError('minute must be in 0..59')
    if not 0 <= second <= 59:
        raise ValueError('second must be in 0..59')
    if not 0 <= microsecond <= 999999:
        raise ValueError('microsecond must be in 0..999999')


class timedelta:
    """A duration: days, seconds (0..86399) and microseconds (0..999999), normalized."""

    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        total = (days + weeks * 7) * 86400 + seconds + minutes * 60 + hours * 3600
        us = total * 1000000 + milliseconds * 1000 + microseconds
        if isinstance(us, float):
            us = round(us)
        d, us = divmod(us, 86400 * 1000000)
        s, us = divmod(us, 1000000)
        if abs(d) > 999999999:
            raise OverflowError(f'days={d}; must have magnitude <= 999999999')
        self._days = int(d)
        self._seconds = int(s)
        self._microseconds = int(us)

    days = property(lambda self: self._days)
    seconds = property(lambda self: self._seconds)
    microseconds = property(lambda self: self._microseconds)

    def _to_us(self):
        return (self._days * 86400 + self._seconds) * 1000000 + self._microseconds

    def total_seconds(self):
        return self._to_us() / 10 ** 6

    def __repr__(self):
        args = []
        if self._days:
            args.append(f'days={self._days}')
        if self._seconds:
            args.append(f'seconds={self._seconds}')
        if self._microseconds:
            args.append(f'microseconds={self._microseconds}')
        return f"datetime.timedelta({', '.join(args) or '0'})"

    def __str__(self):
        mm, ss = divmod(self._seconds, 60)
        hh, mm = divmod(mm, 60)
        s = f'{hh}:{mm:02d}:{ss:02d}'
        if self._days:
            plural = 's' if abs(self._days) != 1 else ''
            s = f'{self._days} day{plural}, ' + s
        if self._microseconds:
            s += f'.{self._microseconds:06d}'
        return s

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._to_us() + other._to_us())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._to_us() - other._to_us())
        return NotImplemented

    def __neg__(self):
        return timedelta(microseconds=-self._to_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._days < 0 else self

    def __mul__(self, other):
        if isinstance(other, (int, float)):
            return timedelta(microseconds=round(self._to_us() * other))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() / other._to_us()
        if isinstance(other, (int, float)):
            return timedelta(microseconds=round(self._to_us() / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._to_us() // other._to_us()
        if isinstance(other, int):
            return timedelta(microseconds=self._to_us() // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._to_us() % other._to_us())
        return NotImplemented

    def __eq__(self, other):
        return self._to_us() == other._to_us() if isinstance(other, timedelta) else NotImplemented

    def __lt__(self, other):
        return self._to_us() < other._to_us() if isinstance(other, timedelta) else NotImplemented

    def __le__(self, other):
        return self._to_us() <= other._to_us() if isinstance(other, timedelta) else NotImplemented

    def __gt__(self, other):
        return self._to_us() > other._to_us() if isinstance(other, timedelta) else NotImplemented

    def __ge__(self, other):
        return self._to_us() >= other._to_us() if isinstance(other, timedelta) else NotImplemented

    def __hash__(self):
        return hash(self._to_us())

    def __bool__(self):
        return self._to_us() != 0


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


class tzinfo:
    def utcoffset(self, dt):
        raise NotImplementedError('a tzinfo subclass must implement utcoffset()')

    def tzname(self, dt):
        raise NotImplementedError('a tzinfo subclass must implement tzname()')

    def dst(self, dt):
        return None


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError('offset must be a timedelta')
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def dst(self, dt):
        return None

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        return _offset_name(self._offset, 'UTC')

    def __repr__(self):
        if self is timezone.utc:
            return 'datetime.timezone.utc'
        if self._name is None:
            return f'datetime.timezone({self._offset!r})'
        return f'datetime.timezone({self._offset!r}, {self._name!r})'

    def __str__(self):
        return self.tzname(None)

    def __eq__(self, other):
        return isinstance(other, timezone) and self._offset == other._offset

    def __hash__(self):
        return hash(self._offset)


def _offset_name(offset, prefix=''):
    if not offset:
        return 'UTC' if prefix else '+00:00'
    sign = '-' if offset.days < 0 else '+'
    off = -offset if offset.days < 0 else offset
    hh, rest = divmod(off.days * 86400 + off.seconds, 3600)
    mm, ss = divmod(rest, 60)
    text = f'{prefix}{sign}{hh:02d}:{mm:02d}'
    if ss:
        text += f':{ss:02d}'
    return text


timezone.utc = timezone(timedelta(0))
UTC = timezone.utc


class date:
    def __init__(self, year, month, day):
        _check_date(year, month, day)
        self._year = year
        self._month = month
        self._day = day

    year = property(lambda self: self._year)
    month = property(lambda self: self._month)
    day = property(lambda self: self._day)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromtimestamp(cls, t):
        y, m, d = _ordinal_to_ymd(_EPOCH_ORDINAL + int(t // 86400))
        return cls(y, m, d)

    @classmethod
    def fromordinal(cls, n):
        return cls(*_ordinal_to_ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError('fromisoformat: argument must be str')
        try:
            y, m, d = s[:10].split('-')
            if len(s) != 10:
                raise ValueError
            return cls(int(y), int(m), int(d))
        except ValueError:
            raise ValueError(f'Invalid isoformat string: {s!r}') from None

    def toordinal(self):
        return _ymd_to_ordinal(self._year, self._month, self._day)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def timetuple(self):
        yday = self.toordinal() - _ymd_to_ordinal(self._year, 1, 1) + 1
        return _time.struct_time((self._year, self._month, self._day, 0, 0, 0, self.weekday(), yday, -1))

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._year if year is None else year, self._month if month is None else month, self._day if day is None else day)

    def isoformat(self):
        return f'{self._year:04d}-{self._month:02d}-{self._day:02d}'

    __str__ = isoformat

    def strftime(self, fmt):
        return _format(fmt, tuple(self.timetuple()))

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def ctime(self):
        return _time.asctime(self.timetuple())

    def __repr__(self):
        return f'datetime.date({self._year}, {self._month}, {self._day})'

    def _key(self):
        return (self._year, self._month, self._day)

    def __eq__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime) and not isinstance(self, datetime):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._key() >= other._key()
        return NotImplemented

    def __hash__(self):
        return hash(self._key())

    def __add__(self, other):
        if isinstance(other, timedelta):
            return date.fromordinal(self.toordinal() + other.days)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return date.fromordinal(self.toordinal() - other.days)
        if isinstance(other, date) and not isinstance(other, datetime):
            return timedelta(days=self.toordinal() - other.toordinal())
        return NotImplemented


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None):
        _check_time(hour, minute, second, microsecond)
        self._hour = hour
        self._minute = minute
        self._second = second
        self._microsecond = microsecond
        self._tzinfo = tzinfo

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)

    def isoformat(self, timespec='auto'):
        s = f'{self._hour:02d}:{self._minute:02d}:{self._second:02d}'
        if self._microsecond or timespec == 'microseconds':
            s += f'.{self._microsecond:06d}'
        if self._tzinfo is not None:
            s += _offset_name(self._tzinfo.utcoffset(None))
        return s

    __str__ = isoformat

    def strftime(self, fmt):
        return _format(fmt, (1900, 1, 1, self._hour, self._minute, self._second, 0, 1, -1), self._microsecond)

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def replace(self, hour=None, minute=None, second=None, microsecond=None, tzinfo=True):
        return time(self._hour if hour is None else hour, self._minute if minute is None else minute,
                    self._second if second is None else second,
                    self._microsecond if microsecond is None else microsecond,
                    self._tzinfo if tzinfo is True else tzinfo)

    def __repr__(self):
        args = [self._hour, self._minute]
        if self._second or self._microsecond:
            args.append(self._second)
        if self._microsecond:
            args.append(self._microsecond)
        text = ', '.join(map(str, args))
        if self._tzinfo is not None:
            text += f', tzinfo={self._tzinfo!r}'
        return f'datetime.time({text})'

    def _key(self):
        return (self._hour, self._minute, self._second, self._microsecond)

    def __eq__(self, other):
        return self._key() == other._key() if isinstance(other, time) else NotImplemented

    def __lt__(self, other):
        return self._key() < other._key() if isinstance(other, time) else NotImplemented

    def __le__(self, other):
        return self._key() <= other._key() if isinstance(other, time) else NotImplemented

    def __gt__(self, other):
        return self._key() > other._key() if isinstance(other, time) else NotImplemented

    def __ge__(self, other):
        return self._key() >= other._key() if isinstance(other, time) else NotImplemented

    def __hash__(self):
        return hash(self._key())


class datetime(date):
    def __init__(self, year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None):
        _check_date(year, month, day)
        _check_time(hour, minute, second, microsecond)
        self._year = year
        self._month = month
        self._day = day
        self._hour = hour
        self._minute = minute
        self._second = second
        self._microsecond = microsecond
        self._tzinfo = tzinfo

    hour = property(lambda self: self._hour)
    minute = property(lambda self: self._minute)
    second = property(lambda self: self._second)
    microsecond = property(lambda self: self._microsecond)
    tzinfo = property(lambda self: self._tzinfo)

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        frac = t % 1
        whole = t - frac
        us = round(frac * 1e6)
        if us >= 1000000:
            whole += 1
            us -= 1000000
        tt = _time.gmtime(whole)
        result = cls(tt[0], tt[1], tt[2], tt[3], tt[4], tt[5], us, tz)
        if tz is not None:
            result = result + tz.utcoffset(result)
        return result

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls.fromtimestamp(t)

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def combine(cls, d, t, tzinfo=True):
        return cls(d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond, t.tzinfo if tzinfo is True else tzinfo)

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError('fromisoformat: argument must be str')
        try:
            d = date.fromisoformat(s[:10])
            rest = s[11:]
            if len(s) > 10 and s[10] not in 'T ':
                raise ValueError
            h = m = sec = us = 0
            tz = None
            if rest:
                for marker in ('+', '-', 'Z'):
                    if marker in rest:
                        rest, off = rest.split(marker, 1)
                        if marker == 'Z':
                            tz = timezone.utc
                        else:
                            oh, om = off.split(':')[:2]
                            delta = timedelta(hours=int(oh), minutes=int(om))
                            tz = timezone(delta if marker == '+' else -delta)
                        break
                parts = rest.split(':')
                h = int(parts[0])
                m = int(parts[1]) if len(parts) > 1 else 0
                if len(parts) > 2:
                    sec_part = parts[2]
                    if '.' in sec_part:
                        sec_part, frac = sec_part.split('.')
                        us = int((frac + '000000')[:6])
                    sec = int(sec_part)
            return cls(d.year, d.month, d.day, h, m, sec, us, tz)
        except ValueError:
            raise ValueError(f'Invalid isoformat string: {s!r}') from None

    def date(self):
        return date(self._year, self._month, self._day)

    def time(self):
        return time(self._hour, self._minute, self._second, self._microsecond)

    def timetz(self):
        return time(self._hour, self._minute, self._second, self._microsecond, self._tzinfo)

    def utcoffset(self):
        return None if self._tzinfo is None else self._tzinfo.utcoffset(self)

    def tzname(self):
        return None if self._tzinfo is None else self._tzinfo.tzname(self)

    def astimezone(self, tz=None):
        if tz is None:
            tz = timezone.utc
        utc = self - (self.utcoffset() or timedelta(0))
        return (utc + tz.utcoffset(None)).replace(tzinfo=tz)

    def timetuple(self):
        yday = self.toordinal() - _ymd_to_ordinal(self._year, 1, 1) + 1
        return _time.struct_time((self._year, self._month, self._day, self._hour, self._minute, self._second, self.weekday(), yday, -1))

    def timestamp(self):
        days = self.toordinal() - _EPOCH_ORDINAL
        seconds = days * 86400 + self._hour * 3600 + self._minute * 60 + self._second
        offset = self.utcoffset()
        if offset is not None:
            seconds -= offset.days * 86400 + offset.seconds
        return seconds + self._microsecond / 1e6

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None, tzinfo=True):
        return datetime(self._year if year is None else year, self._month if month is None else month,
                        self._day if day is None else day, self._hour if hour is None else hour,
                        self._minute if minute is None else minute, self._second if second is None else second,
                        self._microsecond if microsecond is None else microsecond,
                        self._tzinfo if tzinfo is True else tzinfo)

    def isoformat(self, sep='T', timespec='auto'):
        s = f'{self._year:04d}-{self._month:02d}-{self._day:02d}{sep}{self._hour:02d}:{self._minute:02d}'
        if timespec != 'minutes':
            s += f':{self._second:02d}'
        if timespec == 'milliseconds':
            s += f'.{self._microsecond // 1000:03d}'
        elif (self._microsecond and timespec == 'auto') or timespec == 'microseconds':
            s += f'.{self._microsecond:06d}'
        offset = self.utcoffset()
        if offset is not None:
            s += _offset_name(offset)
        return s

    def __str__(self):
        return self.isoformat(sep=' ')

    def strftime(self, fmt):
        offset = self.utcoffset()
        zone = '' if self._tzinfo is None else self.tzname()
        off = '' if offset is None else _offset_name(offset).replace(':', '')
        return _format(fmt, tuple(self.timetuple()), self._microsecond, zone, off)

    def ctime(self):
        return _time.asctime(self.timetuple())

    def __repr__(self):
        args = [self._year, self._month, self._day, self._hour, self._minute]
        if self._second or self._microsecond:
            args.append(self._second)
        if self._microsecond:
            args.append(self._microsecond)
        text = ', '.join(map(str, args))
        if self._tzinfo is not None:
            text += f', tzinfo={self._tzinfo!r}'
        return f'datetime.datetime({text})'

    def _us(self):
        return ((self.toordinal() * 86400 + self._hour * 3600 + self._minute * 60 + self._second) * 1000000
                + self._microsecond - (self.utcoffset() or timedelta(0))._to_us())

    def _check_aware(self, other):
        if (self._tzinfo is None) != (other._tzinfo is None):
            raise TypeError("can't compare offset-naive and offset-aware datetimes")

    def __eq__(self, other):
        if isinstance(other, datetime):
            if (self._tzinfo is None) != (other._tzinfo is None):
                return False
            return self._us() == other._us()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, datetime):
            self._check_aware(other)
            return self._us() < other._us()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, datetime):
            self._check_aware(other)
            return self._us() <= other._us()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, datetime):
            self._check_aware(other)
            return self._us() > other._us()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, datetime):
            self._check_aware(other)
            return self._us() >= other._us()
        return NotImplemented

    def __hash__(self):
        return hash(self._us())

    def __add__(self, other):
        if not isinstance(other, timedelta):
            return NotImplemented
        total = (self.toordinal() * 86400 + self._hour * 3600 + self._minute * 60 + self._second) * 1000000 + self._microsecond + other._to_us()
        secs, us = divmod(total, 1000000)
        days, secs = divmod(secs, 86400)
        y, m, d = _ordinal_to_ymd(days)
        hh, rest = divmod(secs, 3600)
        mm, ss = divmod(rest, 60)
        return datetime(y, m, d, hh, mm, ss, us, self._tzinfo)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + -other
        if isinstance(other, datetime):
            if (self._tzinfo is None) != (other._tzinfo is None):
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            return timedelta(microseconds=self._us() - other._us())
        return NotImplemented


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
`;
