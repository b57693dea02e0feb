/**
 * The one IPC contract between the Electron main process and the renderer: every channel, with
 * the runtime schema of what travels on it. Main registers exactly the handlers named in
 * `requests` (a missing one fails to compile), the preload exposes one function per channel, and
 * both sides parse payloads with these schemas before acting on them.
 *
 * The web build uses the same types behind the same Host interface (renderer/app/host.ts).
 */
import { z } from 'zod';

/** A scenario of the gallery, described by its docstring. */
export const GalleryEntry = z.object({
  /** The file name inside scenarios/, e.g. `01-counter-sequential-vs-gathered.py`. */
  name: z.string().regex(/^[\w.-]+\.py$/),
  title: z.string(),
  description: z.string(),
});
export type GalleryEntry = z.infer<typeof GalleryEntry>;

/** A scenario that cannot be loaded: where and why (ScenarioError.toJSON()). */
export const ScenarioProblem = z.object({
  kind: z.enum(['syntax', 'unsupported']),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  message: z.string(),
  hint: z.string().optional(),
});
export type ScenarioProblem = z.infer<typeof ScenarioProblem>;

/**
 * The trace is large; its header is checked here and its body by the trace decoder. Its event
 * stream and floats are typed arrays, which structured clone (IPC, postMessage) carries as such.
 */
export const TracePayload = z
  .object({
    format: z.literal('loopscope-trace'),
    /** 2 is recorded now; 1 (before causes and warnings were located) is still read. */
    version: z.union([z.literal(1), z.literal(2)]),
    events: z.instanceof(Int32Array),
    floats: z.instanceof(Float64Array),
    strings: z.array(z.string()),
  })
  .passthrough();

/** A scenario as the renderer shows it: the file, its source, and its trace or its problem. */
export const LoadedScenario = z.object({
  /** Shown in the title bar: a path for opened files, `scenarios/NAME` for the gallery. */
  file: z.string(),
  name: z.string(),
  source: z.string(),
  /** True when this replaces the same file after a save (live reload keeps the view's place). */
  reload: z.boolean(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('trace'), trace: TracePayload }),
    z.object({ kind: z.literal('error'), error: ScenarioProblem }),
  ]),
});
export type LoadedScenario = z.infer<typeof LoadedScenario>;

export const RunProgress = z.object({ file: z.string(), ticks: z.number(), time: z.number() });
export type RunProgress = z.infer<typeof RunProgress>;

export const MenuCommand = z.enum(['zoom-in', 'zoom-out', 'zoom-reset', 'axis-ticks', 'axis-time', 'theme-system', 'theme-light', 'theme-dark']);
export type MenuCommand = z.infer<typeof MenuCommand>;

/** Renderer → main: invoke/handle channels, each with a request and a response schema. */
export const requests = {
  'gallery:list': { request: z.null(), response: z.array(GalleryEntry) },
  /** Show the main-side Open dialog; the chosen file arrives as a 'scenario:loaded' event. */
  'scenario:open-dialog': { request: z.null(), response: z.boolean() },
  'scenario:open-gallery': { request: z.object({ name: GalleryEntry.shape.name }), response: z.boolean() },
  /** A file dropped on the window; the path comes from the preload (webUtils.getPathForFile). */
  'scenario:open-dropped': { request: z.object({ path: z.string().min(1).max(4096) }), response: z.boolean() },
} as const;
export type RequestChannel = keyof typeof requests;
export type RequestOf<C extends RequestChannel> = z.infer<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.infer<(typeof requests)[C]['response']>;

/** Main → renderer: one-way events. */
export const events = {
  'scenario:loaded': LoadedScenario,
  'run:progress': RunProgress,
  'menu:command': MenuCommand,
} as const;
export type EventChannel = keyof typeof events;
export type EventOf<C extends EventChannel> = z.infer<(typeof events)[C]>;

/** What the preload puts on `window.loopscope`: one named function per channel, nothing more. */
export interface PreloadApi {
  listGallery(): Promise<GalleryEntry[]>;
  openDialog(): Promise<boolean>;
  openGallery(name: string): Promise<boolean>;
  /** Resolves a dropped File to its path (webUtils) and asks main to open it. */
  openDropped(file: File): Promise<boolean>;
  onScenarioLoaded(listener: (scenario: LoadedScenario) => void): () => void;
  onRunProgress(listener: (progress: RunProgress) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
