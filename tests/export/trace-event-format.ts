/**
 * The rules of Chrome's Trace Event Format (the JSON object form), as ui.perfetto.dev's JSON
 * importer and chrome://tracing read them, written as a checker for tests:
 *
 *   - the top level is an object with a `traceEvents` array; `displayTimeUnit` is "ms" or "ns";
 *   - every event has a one-letter phase `ph` and integer `pid` and `tid`; every event but metadata
 *     has a `ts` in microseconds (a finite number ≥ 0), a string `name`, and `args` is an object;
 *   - complete events ("X") have a `dur` ≥ 0; on one thread they nest: a slice that starts inside
 *     another ends inside it too;
 *   - instant events ("i"/"I") have a scope `s` of "g", "p" or "t";
 *   - counters ("C") have an `args` object of numbers;
 *   - flow events ("s", "t", "f") have an `id` and are matched by (cat, name, id): every flow has
 *     exactly one start and one end, the end not before the start; a start binds to the slice that
 *     encloses it on its thread, and so does an end with binding point `bp: "e"` (without it, an
 *     end binds to the next slice that starts on its thread);
 *   - metadata ("M") names a process or thread (`process_name`, `thread_name` with args.name;
 *     `process_sort_index`, `thread_sort_index` with a number args.sort_index; `process_labels`).
 *
 * `checkTraceEventFormat` returns every broken rule as a sentence (empty when the file is valid).
 */
import { z } from 'zod';

const Id = z.union([z.number().int().nonnegative(), z.string().min(1)]);
const Common = {
  name: z.string(),
  cat: z.string().optional(),
  pid: z.number().int(),
  tid: z.number().int(),
  ts: z.number().finite().nonnegative(),
  tts: z.number().finite().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  cname: z.string().optional(),
};

const EventSchema = z.discriminatedUnion('ph', [
  z.object({ ...Common, ph: z.literal('X'), dur: z.number().finite().nonnegative(), tdur: z.number().finite().optional() }).strict(),
  z.object({ ...Common, ph: z.literal('B') }).strict(),
  z.object({ ...Common, name: z.string().optional(), ph: z.literal('E') }).strict(),
  z.object({ ...Common, ph: z.enum(['i', 'I']), s: z.enum(['g', 'p', 't']).optional() }).strict(),
  z.object({ ...Common, ph: z.literal('C'), id: Id.optional(), args: z.record(z.string(), z.number().finite()) }).strict(),
  z.object({ ...Common, ph: z.enum(['s', 't']), id: Id }).strict(),
  z.object({ ...Common, ph: z.literal('f'), id: Id, bp: z.literal('e').optional() }).strict(),
  z
    .object({
      ph: z.literal('M'),
      name: z.enum(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']),
      pid: z.number().int(),
      tid: z.number().int(),
      ts: z.number().optional(),
      cat: z.string().optional(),
      args: z.record(z.string(), z.unknown()),
    })
    .strict()
    .superRefine((event, ctx) => {
      const key = event.name.endsWith('_name') ? 'name' : event.name.endsWith('_labels') ? 'labels' : 'sort_index';
      const value = event.args[key];
      if (key === 'sort_index' ? typeof value !== 'number' : typeof value !== 'string') {
        ctx.addIssue({ code: 'custom', message: `${event.name} needs args.${key}` });
      }
    }),
]);

const FileSchema = z
  .object({
    traceEvents: z.array(z.unknown()),
    displayTimeUnit: z.enum(['ms', 'ns']).optional(),
    otherData: z.record(z.string(), z.unknown()).optional(),
    systemTraceEvents: z.string().optional(),
    stackFrames: z.record(z.string(), z.unknown()).optional(),
    samples: z.array(z.unknown()).optional(),
  })
  .strict();

export type CheckedEvent = z.infer<typeof EventSchema>;
type Slice = { ts: number; end: number; name: string };

/** Every rule the file breaks, in words. */
export function checkTraceEventFormat(json: unknown): string[] {
  const problems: string[] = [];
  const file = FileSchema.safeParse(json);
  if (!file.success) return [`top level: ${file.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
  const events: CheckedEvent[] = [];
  file.data.traceEvents.forEach((raw, i) => {
    const parsed = EventSchema.safeParse(raw);
    if (parsed.success) events.push(parsed.data);
    else problems.push(`event ${i} ${JSON.stringify(raw).slice(0, 120)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  });
  if (problems.length > 0) return problems;

  // Complete events nest on each thread.
  const slices = new Map<string, Slice[]>();
  for (const event of events) {
    if (event.ph !== 'X') continue;
    const key = `${event.pid}/${event.tid}`;
    let list = slices.get(key);
    if (list === undefined) slices.set(key, (list = []));
    // In whole nanoseconds, as Perfetto's importer reads microseconds.
    const ts = Math.round(event.ts * 1000);
    list.push({ ts, end: ts + Math.round(event.dur * 1000), name: event.name });
  }
  for (const [thread, list] of slices) {
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const open: Slice[] = [];
    for (const slice of list) {
      while (open.length > 0 && (open.at(-1) as Slice).end <= slice.ts) open.pop();
      const parent = open.at(-1);
      if (parent !== undefined && slice.end > parent.end) {
        problems.push(`thread ${thread}: "${slice.name}" [${slice.ts}, ${slice.end}] overlaps "${parent.name}" [${parent.ts}, ${parent.end}] without nesting in it`);
      }
      open.push(slice);
    }
  }

  // Flows: one start and one end per (cat, name, id), each bound to a slice that encloses it.
  const enclosed = (pid: number, tid: number, ts: number): boolean =>
    (slices.get(`${pid}/${tid}`) ?? []).some((slice) => slice.ts <= Math.round(ts * 1000) && Math.round(ts * 1000) < slice.end);
  const flows = new Map<string, { start?: CheckedEvent; end?: CheckedEvent; steps: number }>();
  for (const event of events) {
    if (event.ph !== 's' && event.ph !== 't' && event.ph !== 'f') continue;
    const key = `${event.cat ?? ''}|${event.name}|${String(event.id)}`;
    let flow = flows.get(key);
    if (flow === undefined) flows.set(key, (flow = { steps: 0 }));
    if (event.ph === 's') {
      if (flow.start !== undefined) problems.push(`flow ${key} starts twice`);
      flow.start = event;
    } else if (event.ph === 'f') {
      if (flow.end !== undefined) problems.push(`flow ${key} ends twice`);
      flow.end = event;
      if (event.bp !== 'e') problems.push(`flow ${key} ends without bp "e": it would bind to the next slice, not the step it points at`);
    } else flow.steps++;
    if (!enclosed(event.pid, event.tid, event.ts)) problems.push(`flow ${key} (${event.ph}) at ${event.ts} on thread ${event.pid}/${event.tid} is inside no slice`);
  }
  for (const [key, flow] of flows) {
    if (flow.start === undefined) problems.push(`flow ${key} has no start`);
    else if (flow.end === undefined) problems.push(`flow ${key} has no end`);
    else if ((flow.end.ts ?? 0) < (flow.start.ts ?? 0)) problems.push(`flow ${key} ends (${flow.end.ts}) before it starts (${flow.start.ts})`);
  }

  // Every thread that holds events is named.
  const named = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  for (const event of events) {
    if (event.ph === 'M' || event.ph === 'C' || (event.ph === 'i' && event.s === 'g')) continue;
    if (!named.has(`${event.pid}/${event.tid}`)) problems.push(`thread ${event.pid}/${event.tid} has events but no thread_name`);
  }
  return [...new Set(problems)];
}
