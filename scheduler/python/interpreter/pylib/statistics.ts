/**
 * statistics, in Python: the averages and spreads programs print (mean, median, mode, stdev,
 * variance...). Sums are exact (numerator and denominator as ints, as CPython's are), so a mean of
 * 0.1, 0.2 and 0.3 prints 0.2, and the result's type follows the data's: a mean of ints that
 * divides out is an int.
 */
export const STATISTICS = String.raw`
"""Basic statistics on numeric data."""

import math

__all__ = ['NormalDist', 'StatisticsError', 'fmean', 'geometric_mean', 'harmonic_mean', 'mean',
           'median', 'median_high', 'median_low', 'mode', 'multimode', 'pstdev', 'pvariance',
           'quantiles', 'stdev', 'variance']


class StatisticsError(ValueError):
    pass


def _ratio(x):
    # An int or a float as an exact (numerator, denominator).
    if isinstance(x, int):
        return x, 1
    if isinstance(x, float):
        return x.as_integer_ratio()
    raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator")


def _kind(kind, x):
    # The result's type: int while every item is an int (bool counts as int), else float.
    if isinstance(x, float) or kind is float:
        return float
    if not isinstance(x, int):
        raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator")
    return int


def _exact_sum(data):
    # (type, numerator, denominator, count), the fraction reduced.
    kind, num, den, count = int, 0, 1, 0
    for x in data:
        kind = _kind(kind, x)
        if isinstance(x, float) and not math.isfinite(x):
            return float, x, None, count + 1
        n, d = _ratio(x)
        num, den = num * d + n * den, den * d
        g = math.gcd(num, den)
        num, den = num // g, den // g
        count += 1
    return kind, num, den, count


def _as(kind, num, den):
    if den is None:
        return num
    if kind is int and den == 1:
        return num
    return num / den


def mean(data):
    """The arithmetic mean, exact then rounded once."""
    kind, num, den, n = _exact_sum(list(data))
    if n < 1:
        raise StatisticsError('mean requires at least one data point')
    if den is None:
        return num
    g = math.gcd(num, den * n)
    return _as(kind, num // g, den * n // g)


def fmean(data, weights=None):
    """The mean of the data converted to floats."""
    data = list(data)
    if weights is None:
        if not data:
            raise StatisticsError('fmean requires at least one data point')
        return math.fsum(data) / len(data)
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError('data and weights must be the same length')
    total = math.fsum(weights)
    if not total:
        raise StatisticsError('sum of weights must be non-zero')
    return math.fsum(x * w for x, w in zip(data, weights)) / total


def geometric_mean(data):
    """The geometric mean, through logarithms, as floats."""
    data = list(data)
    if not data:
        raise StatisticsError('geometric mean requires a non-empty dataset containing positive numbers')
    if any(x <= 0 for x in data):
        raise StatisticsError('geometric mean requires a non-empty dataset containing positive numbers')
    return math.exp(fmean([math.log(x) for x in data]))


def harmonic_mean(data, weights=None):
    """The harmonic mean: the total weight over the sum of weight / value."""
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError('harmonic_mean requires at least one data point')
    if n == 1 and weights is None:
        if data[0] < 0:
            raise StatisticsError('harmonic mean does not support negative values')
        return data[0]
    if weights is None:
        weights = [1] * n
        total_weight = n
    else:
        weights = list(weights)
        if len(weights) != n:
            raise StatisticsError('Number of weights does not match data size')
        if any(w < 0 for w in weights):
            raise StatisticsError('Weighted harmonic mean does not support negative weights')
        _, wn, wd, _ = _exact_sum(weights)
        total_weight = wn if wd == 1 else wn / wd
    if any(x < 0 for x in data):
        raise StatisticsError('harmonic mean does not support negative values')
    try:
        # Each term is a rounded division, as in CPython; their sum is exact.
        kind, num, den, _ = _exact_sum([w / x if w else 0 for w, x in zip(weights, data)])
    except ZeroDivisionError:
        return 0
    if num <= 0:
        raise StatisticsError('Weighted sum must be positive')
    tn, td = _ratio(total_weight)
    n2, d2 = tn * den, td * num
    g = math.gcd(n2, d2)
    return _as(kind, n2 // g, d2 // g)


def median(data):
    """The middle value, or the mean of the two middle values."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('no median for empty data')
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    """The lower of the two middle values when there are two."""
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('no median for empty data')
    return data[n // 2] if n % 2 == 1 else data[n // 2 - 1]


def median_high(data):
    """The higher of the two middle values when there are two."""
    data = sorted(data)
    if not data:
        raise StatisticsError('no median for empty data')
    return data[len(data) // 2]


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    """The most common value; the first met of those tied."""
    counts = _counts(data)
    if not counts:
        raise StatisticsError('no mode for empty data')
    best = max(counts.values())
    for x, c in counts.items():
        if c == best:
            return x


def multimode(data):
    """Every most common value, in the order first met."""
    counts = _counts(data)
    if not counts:
        return []
    best = max(counts.values())
    return [x for x, c in counts.items() if c == best]


def _squares(data, center):
    # (type, numerator, denominator, count) of the sum of squared deviations, exact.
    data = list(data)
    kind, sn, sd, n = _exact_sum(data)
    if n == 0:
        return kind, 0, 1, 0
    if sd is None:
        return float, math.nan, None, n
    if center is None:
        cn, cd = sn, sd * n
    else:
        kind = _kind(kind, center)
        cn, cd = _ratio(center)
    num, den = 0, 1
    for x in data:
        xn, xd = _ratio(x)
        dn, dd = xn * cd - cn * xd, xd * cd
        n2, d2 = dn * dn, dd * dd
        num, den = num * d2 + n2 * den, den * d2
        g = math.gcd(num, den)
        num, den = num // g, den // g
    return kind, num, den, n


def _divided(num, den, by):
    g = math.gcd(num, den * by)
    return num // g, den * by // g


def _mean_squares(name, data, center, sample):
    # The mean of the squared deviations, exact: over n - 1 for a sample, over n for a population.
    kind, num, den, n = _squares(data, center)
    if n < (2 if sample else 1):
        raise StatisticsError(f"{name} requires at least {'two data points' if sample else 'one data point'}")
    if den is None:
        return kind, num, None
    return (kind, *_divided(num, den, n - 1 if sample else n))


def variance(data, xbar=None):
    """The sample variance (divided by n - 1)."""
    kind, num, den = _mean_squares('variance', data, xbar, True)
    return num if den is None else _as(kind, num, den)


def pvariance(data, mu=None):
    """The population variance (divided by n)."""
    kind, num, den = _mean_squares('pvariance', data, mu, False)
    return num if den is None else _as(kind, num, den)


def _sqrt_of_fraction(num, den):
    # The square root of num / den, correctly rounded: an integer square root with enough bits,
    # rounded to odd so that the one final division rounds as the exact value would.
    shift = (num.bit_length() - den.bit_length() - 109) // 2
    if shift >= 0:
        root, r = _isqrt_with_rest(num, den << (2 * shift))
        return (root | (r != 0)) * (1 << shift) / 1
    root, r = _isqrt_with_rest(num << (-2 * shift), den)
    return (root | (r != 0)) / (1 << -shift)


def _isqrt_with_rest(n, m):
    # floor(sqrt(n / m)) and whether it was exact (0) or not.
    q, rest = divmod(n, m)
    root = math.isqrt(q)
    return root, (root * root != q) or rest != 0


def stdev(data, xbar=None):
    """The sample standard deviation."""
    kind, num, den = _mean_squares('stdev', data, xbar, True)
    return num if den is None else _sqrt_of_fraction(num, den)


def pstdev(data, mu=None):
    """The population standard deviation."""
    kind, num, den = _mean_squares('pstdev', data, mu, False)
    return num if den is None else _sqrt_of_fraction(num, den)


def quantiles(data, *, n=4, method='exclusive'):
    """n - 1 cut points dividing the data into n intervals of equal probability."""
    if n < 1:
        raise StatisticsError('n must be at least 1')
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError('must have at least two data points')
    if method == 'inclusive':
        m = ld - 1
        result = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    if method == 'exclusive':
        m = ld + 1
        result = []
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
            result.append(interpolated)
        return result
    raise ValueError(f'Unknown method: {method!r}')
`;
