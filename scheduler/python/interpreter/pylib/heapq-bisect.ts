/**
 * heapq and bisect, in Python. The heap keeps CPython's exact layout (the same sift-down and
 * bottom-up sift-up), since programs print the heap list itself, not only what they pop.
 */

export const HEAPQ = String.raw`
"""Heap queue algorithm (a.k.a. priority queue): a list where heap[k] <= heap[2*k+1] and heap[2*k+2]."""

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge', 'nlargest', 'nsmallest', 'heappushpop']


def _check(heap):
    if not isinstance(heap, list):
        raise TypeError('heap argument must be a list')


def heappush(heap, item, /):
    """Push item onto heap, maintaining the heap invariant."""
    _check(heap)
    heap.append(item)
    _sift_toward_root(heap, 0, len(heap) - 1)


def heappop(heap, /):
    """Pop the smallest item off the heap, maintaining the heap invariant."""
    _check(heap)
    if not heap:
        raise IndexError('index out of range')
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _sift_toward_leaves(heap, 0)
        return smallest
    return last


def heapreplace(heap, item, /):
    """Pop and return the smallest item, then push the new item (the heap must not be empty)."""
    _check(heap)
    if not heap:
        raise IndexError('index out of range')
    smallest = heap[0]
    heap[0] = item
    _sift_toward_leaves(heap, 0)
    return smallest


def heappushpop(heap, item, /):
    """Push item on the heap, then pop and return the smallest item: faster than the two calls."""
    _check(heap)
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sift_toward_leaves(heap, 0)
    return item


def heapify(x, /):
    """Transform the list into a heap, in place, in linear time."""
    _check(x)
    for i in reversed(range(len(x) // 2)):
        _sift_toward_leaves(x, i)


def _sift_toward_root(heap, start, pos):
    # The item at pos moves up past every larger parent, down to start.
    item = heap[pos]
    while pos > start:
        parent_pos = (pos - 1) >> 1
        parent = heap[parent_pos]
        if item < parent:
            heap[pos] = parent
            pos = parent_pos
            continue
        break
    heap[pos] = item


def _sift_toward_leaves(heap, pos):
    # Bottom-up: move the smaller child up until a leaf is reached, then put the item there and
    # let it rise back (fewer comparisons than stopping early, and the layout CPython gives).
    end = len(heap)
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_toward_root(heap, start, pos)


def merge(*iterables, key=None, reverse=False):
    """Merge sorted inputs into one sorted output (ties keep the inputs' order)."""
    items = []
    for it in iterables:
        items.extend(it)
    yield from sorted(items, key=key, reverse=reverse)


def nsmallest(n, iterable, key=None):
    """The n smallest elements: the same as sorted(iterable, key=key)[:n]."""
    return sorted(iterable, key=key)[:max(n, 0)]


def nlargest(n, iterable, key=None):
    """The n largest elements: the same as sorted(iterable, key=key, reverse=True)[:n]."""
    return sorted(iterable, key=key, reverse=True)[:max(n, 0)]
`;

export const BISECT = String.raw`
"""Bisection algorithms: find where an item goes in a sorted list."""


def _bounds(a, lo, hi):
    if lo < 0:
        raise ValueError('lo must be non-negative')
    return len(a) if hi is None else hi


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    """The index after the last item <= x in a[lo:hi]."""
    hi = _bounds(a, lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < (a[mid] if key is None else key(a[mid])):
            hi = mid
        else:
            lo = mid + 1
    return lo


def bisect_left(a, x, lo=0, hi=None, *, key=None):
    """The index of the first item >= x in a[lo:hi]."""
    hi = _bounds(a, lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if (a[mid] if key is None else key(a[mid])) < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def insort_right(a, x, lo=0, hi=None, *, key=None):
    """Insert x in a, kept sorted, after any equal items."""
    a.insert(bisect_right(a, x if key is None else key(x), lo, hi, key=key), x)


def insort_left(a, x, lo=0, hi=None, *, key=None):
    """Insert x in a, kept sorted, before any equal items."""
    a.insert(bisect_left(a, x if key is None else key(x), lo, hi, key=key), x)


bisect = bisect_right
insort = insort_right
`;
