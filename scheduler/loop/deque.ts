/**
 * A FIFO queue with O(1) push and shift, standing in for `collections.deque` in the ready queue and
 * in the waiter queues of locks, events and queues. Items are kept in a growing array with a head
 * index; the consumed prefix is dropped once it dominates, so memory stays proportional to length.
 */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** popleft(): the caller checks length first. */
  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  at(index: number): T {
    return this.items[this.head + index] as T;
  }

  /** deque.remove(x): remove the first occurrence; Python raises ValueError when absent. */
  remove(item: T): boolean {
    for (let i = this.head; i < this.items.length; i++) {
      if (this.items[i] === item) {
        this.items.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }

  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }
}
