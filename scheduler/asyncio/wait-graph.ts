/**
 * "What is this task waiting for?" in words and as edges between tasks. The trace uses it to label
 * each suspension; a deadlocked run carries the whole graph and its cycle, which is what a learner
 * needs to see why the program hangs.
 */
import type { EventLoop } from '../loop/loop.ts';
import type { Future } from './future.ts';
import type { Task } from './task.ts';
import type { WaitKind } from './wait-purpose.ts';

export interface WaitDescription {
  kind: WaitKind;
  /** For people: "sleep until 1.500", "Lock#1 (held by Task-3)", "gather(Task-2, Task-3)". */
  label: string;
  /** The id of the thing waited on: a task's serial, a primitive's id, a timer's handle id, a future's id. */
  objectId: number;
  /** Tasks whose progress could end the wait: the awaited task, gather's children, a lock's holder. */
  blockers: Task<unknown>[];
}

function isTask(future: Future<unknown>): future is Task<unknown> {
  return (future as Task<unknown>).isTask === true;
}

function tasksAmong(futures: readonly Future<unknown>[]): Task<unknown>[] {
  return futures.filter((future): future is Task<unknown> => isTask(future) && !future.done());
}

export function describeWait(future: Future<unknown>): WaitDescription {
  if (isTask(future)) {
    return { kind: 'task', label: future.name, objectId: future.serial, blockers: future.done() ? [] : [future] };
  }
  const purpose = future.purpose;
  switch (purpose.kind) {
    case 'sleep': {
      const when = purpose.timer === null ? NaN : purpose.timer.when;
      return { kind: 'sleep', label: `sleep until ${when.toFixed(3)}`, objectId: purpose.timer?.id ?? -1, blockers: [] };
    }
    case 'io':
      return { kind: 'io', label: purpose.description, objectId: purpose.timer?.id ?? -1, blockers: [] };
    case 'gather': {
      const names = purpose.children.map((child) => (isTask(child) ? child.name : `Future#${child.id}`));
      return { kind: 'gather', label: `gather(${names.join(', ')})`, objectId: future.id, blockers: tasksAmong(purpose.children) };
    }
    case 'lock':
    case 'semaphore':
    case 'condition': {
      const holders = purpose.primitive.holders();
      const held = holders.length > 0 ? ` (held by ${holders.map((task) => task.name).join(', ')})` : '';
      const verb = purpose.kind === 'condition' ? `${purpose.primitive.label}.wait()` : purpose.primitive.label;
      return { kind: purpose.kind, label: `${verb}${held}`, objectId: purpose.primitive.id, blockers: purpose.kind === 'condition' ? [] : holders };
    }
    case 'event':
      return { kind: 'event', label: purpose.primitive.label, objectId: purpose.primitive.id, blockers: [] };
    case 'queue-get':
      return { kind: 'queue-get', label: `${purpose.primitive.label}.get()`, objectId: purpose.primitive.id, blockers: [] };
    case 'queue-put':
      return { kind: 'queue-put', label: `${purpose.primitive.label}.put()`, objectId: purpose.primitive.id, blockers: [] };
    case 'wait':
      return { kind: 'wait', label: `wait(${purpose.futures.length} futures)`, objectId: future.id, blockers: tasksAmong(purpose.futures) };
    case 'wait_for':
    case 'shield': {
      const inner = purpose.inner;
      const name = isTask(inner) ? inner.name : `Future#${inner.id}`;
      return { kind: purpose.kind, label: `${purpose.kind}(${name})`, objectId: future.id, blockers: tasksAmong([inner]) };
    }
    case 'taskgroup': {
      const children = purpose.children().filter((task) => !task.done());
      return {
        kind: 'taskgroup',
        label: `TaskGroup(${children.map((task) => task.name).join(', ')})`,
        objectId: future.id,
        blockers: children,
      };
    }
    default:
      return { kind: purpose.kind, label: `Future#${future.id}`, objectId: future.id, blockers: [] };
  }
}

export interface BlockedTask {
  task: string;
  awaits: { kind: WaitKind; label: string; objectId: number };
  /** Names of the tasks it waits on (edges of the wait-for graph). */
  waitsFor: string[];
}

export interface WaitForGraph {
  blocked: BlockedTask[];
  /** Task names around one cycle, in order, if the graph has one (e.g. two locks taken crosswise). */
  cycle: string[] | null;
}

/** The wait-for graph of every unfinished task of the loop, in creation order. */
export function waitForGraph(loop: EventLoop): WaitForGraph {
  const unfinished = loop.allTasks();
  const edges = new Map<Task<unknown>, Task<unknown>[]>();
  const blocked: BlockedTask[] = [];
  for (const task of unfinished) {
    if (task.futWaiter === null) continue;
    const description = describeWait(task.futWaiter);
    edges.set(task, description.blockers);
    blocked.push({
      task: task.name,
      awaits: { kind: description.kind, label: description.label, objectId: description.objectId },
      waitsFor: description.blockers.map((blocker) => blocker.name),
    });
  }
  return { blocked, cycle: findCycle(unfinished, edges) };
}

/** The first cycle a depth-first search meets, starting from tasks in creation order. */
function findCycle(nodes: readonly Task<unknown>[], edges: Map<Task<unknown>, Task<unknown>[]>): string[] | null {
  const finished = new Set<Task<unknown>>();
  const path: Task<unknown>[] = [];
  const onPath = new Set<Task<unknown>>();

  const visit = (node: Task<unknown>): Task<unknown>[] | null => {
    if (onPath.has(node)) return path.slice(path.indexOf(node));
    if (finished.has(node)) return null;
    path.push(node);
    onPath.add(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    onPath.delete(node);
    finished.add(node);
    return null;
  };

  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle !== null) return cycle.map((task) => task.name);
  }
  return null;
}
