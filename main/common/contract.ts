/**
 * The one IPC contract between the Electron main process and the renderer: every channel, with
 * the runtime schema of what travels on it. Main registers exactly the handlers named in
 * `requests` (a missing one fails to compile), the preload exposes one function per channel, and
 * both sides parse payloads with these schemas before acting on them.
 *
 * The web build uses the same types behind the same Host interface (renderer/app/host.ts).
 */
import { z } from 'zod';
import { viewModelProblem } from '../../scheduler/view/check.ts';
import type { ViewModel } from '../../scheduler/view/model.ts';

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

/**
 * The view model the worker built from the trace as it ran (scheduler/view): its typed arrays are
 * checked for shape and length here, so the page can index them without bounds surprises.
 */
export const ViewModelPayload = z.custom<ViewModel>((value) => viewModelProblem(value) === null, { message: 'not a view model' });

/** A scenario as the renderer shows it: the file, its source, and its trace or its problem. */
export const LoadedScenario = z.object({
  /** Shown in the title bar: a path for opened files, `scenarios/NAME` for the gallery. */
  file: z.string(),
  name: z.string(),
  source: z.string(),
  /** True when this replaces the same file after a save (live reload keeps the view's place). */
  reload: z.boolean(),
  /**
   * True when this plays the page's own text (Host.playSource, or a save that renamed the
   * document): `source` is the text the page sent, so the page keeps its editor text, the step
   * cursor and the zoom where they still make sense.
   */
  edit: z.boolean().optional(),
  /**
   * True when `source` has unsaved changes already: a buffer restored after a crash (hot exit),
   * or the edited buffer sent again to a page that was reloaded. The page shows it as unsaved
   * until it is saved.
   */
  unsaved: z.boolean().optional(),
  /**
   * Desktop: which document this is (main numbers them). The host sends it back with the buffer,
   * so text meant for a document that has since been replaced is recognised and ignored.
   */
  document: z.number().int().nonnegative().optional(),
  /**
   * The model of a run still going (its first events, built in the worker); more follows, then the
   * whole run with the same `run`. Stop keeps the last one shown.
   */
  partial: z.boolean().optional(),
  /** Which run made it: a run's partial models and its final one share the number. */
  run: z.number().int().nonnegative().optional(),
  outcome: z.discriminatedUnion('kind', [
    /** `view`: the view model the worker built (absent: the page builds it from the trace). */
    z.object({ kind: z.literal('trace'), trace: TracePayload, view: ViewModelPayload.optional() }),
    z.object({ kind: z.literal('error'), error: ScenarioProblem }),
  ]),
});
export type LoadedScenario = z.infer<typeof LoadedScenario>;

export const RunProgress = z.object({
  file: z.string(),
  ticks: z.number(),
  time: z.number(),
  /** Opening a saved trace: reading its bytes, then laying out its events; how far (null: size unknown). */
  opening: z.object({ phase: z.enum(['read', 'build']), fraction: z.number().min(0).max(1).nullable() }).optional(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/**
 * The menu asks the page: View items, and Save / Save As, which the page answers with the
 * editor's text (Host.save, Host.saveAs).
 */
export const MenuCommand = z.enum(['save', 'save-as', 'zoom-in', 'zoom-out', 'zoom-reset', 'axis-ticks', 'axis-time', 'theme-system', 'theme-light', 'theme-dark']);
export type MenuCommand = z.infer<typeof MenuCommand>;

/** A drop's proof holds at most a scenario's size limit (1,000,000 bytes) and one byte more. */
export const MAX_DROP_PROOF_BYTES = 1_000_001;

/**
 * A dropped saved trace (`.json`, often far larger than a scenario) is proved by its size and the
 * SHA-256 of each slice of TRACE_PROOF_SLICE bytes: only a page that read every byte of the
 * file can give them, and the page never holds more than one slice at a time.
 */
export const TRACE_PROOF_SLICE = 16 << 20;
/** Slices a trace's proof may hold (64 GiB of trace: far beyond anything Loopscope opens). */
export const MAX_TRACE_PROOF_SLICES = 4096;
export const TraceDropProof = z.object({
  size: z.number().int().nonnegative().max(TRACE_PROOF_SLICE * MAX_TRACE_PROOF_SLICES),
  digests: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(MAX_TRACE_PROOF_SLICES),
});
export type TraceDropProof = z.infer<typeof TraceDropProof>;

/**
 * The longest text that crosses IPC, in UTF-16 units. Far beyond any scenario (they are at most
 * 1 MB, MAX_SCENARIO_BYTES) so that a big paste still saves and is backed up; it only bounds what
 * a misbehaving page can make main hold.
 */
export const MAX_TEXT_CHARS = 32_000_000;
const Text = z.string().max(MAX_TEXT_CHARS);
/** LoadedScenario.document */
const DocumentId = z.number().int().nonnegative();

/** The editor's buffer: its whole text, and whether the page sees it differ from the file. */
export const BufferState = z.object({ source: Text, dirty: z.boolean() });
export type BufferState = z.infer<typeof BufferState>;

export const SaveResult = z.enum(['saved', 'cancelled', 'failed']);
export type SaveResult = z.infer<typeof SaveResult>;

/** The open file changed on disk while the buffer has edits. */
export const DiskChange = z.object({
  file: z.string(),
  /** The file's text on disk now. */
  source: Text,
  /** Show the two side by side at once: Save found the file changed and the person chose Compare. */
  compare: z.boolean().optional(),
});
export type DiskChange = z.infer<typeof DiskChange>;

/** What the app exports (File ▸ Export, E): the file's kind decides its extension and the dialog's filter. */
export const ExportKind = z.enum(['svg', 'png', 'gif', 'zip', 'html', 'json']);
export type ExportKind = z.infer<typeof ExportKind>;
/** The largest export that crosses IPC: a long GIF or a folder of frames stays well under it. */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;
/** An export to save: a plain file name (no folders; main asks where), its kind and its bytes. */
export const ExportFile = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/),
  kind: ExportKind,
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= MAX_EXPORT_BYTES, `an export holds at most ${MAX_EXPORT_BYTES} bytes`),
});
export type ExportFile = z.infer<typeof ExportFile>;
/**
 * What is kept with a file's settings (main/electron/file-settings.ts): its bookmarks, steps
 * marked with a note (renderer/teach/bookmarks.ts cleans and orders them).
 */
export const FileSettings = z.object({
  bookmarks: z
    .array(z.object({ step: z.number().int().nonnegative().max(1e9), note: z.string().max(560) }))
    .max(200)
    .default([]),
});
export type FileSettings = z.infer<typeof FileSettings>;

/** Renderer → main: invoke/handle channels, each with a request and a response schema. */
export const requests = {
  'gallery:list': { request: z.null(), response: z.array(GalleryEntry) },
  /** Show the main-side Open dialog; the chosen file arrives as a 'scenario:loaded' event. */
  'scenario:open-dialog': { request: z.null(), response: z.boolean() },
  'scenario:open-gallery': { request: z.object({ name: GalleryEntry.shape.name }), response: z.boolean() },
  /**
   * A file dropped on the window: its path (the preload's webUtils.getPathForFile) and, as the
   * proof that the person dropped it, its bytes as the page read them (at most one over the size
   * limit), or for a saved trace the digests of its slices (TraceDropProof). Main opens the path
   * only if they are the file's (main/electron/dropped-files.ts).
   */
  'scenario:open-dropped': {
    request: z.union([
      z.object({ path: z.string().min(1).max(4096), content: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= MAX_DROP_PROOF_BYTES) }),
      z.object({ path: z.string().min(1).max(4096), trace: TraceDropProof }),
    ]),
    response: z.boolean(),
  },
  /** File ▸ New Scenario: an untitled document from the template (asks first if the buffer has edits). */
  'document:new': { request: z.null(), response: z.boolean() },
  /** Play the editor's text as the document; the result arrives as 'scenario:loaded' with edit: true. */
  'document:play': { request: z.object({ document: DocumentId, source: Text }), response: z.boolean() },
  /** The buffer after an edit: the title's unsaved marker, the hot-exit backup. */
  'document:buffer': { request: z.object({ document: DocumentId, buffer: BufferState }), response: z.null() },
  /** The answer to a 'document:flush' event: the buffer as it is now (null: the page has no editor). */
  'document:flushed': { request: z.object({ flush: z.number().int().nonnegative(), document: DocumentId.nullable(), buffer: BufferState.nullable() }), response: z.null() },
  'document:save': { request: z.object({ document: DocumentId, source: Text }), response: SaveResult },
  'document:save-as': { request: z.object({ document: DocumentId, source: Text }), response: SaveResult },
  /** Stop (the button, Esc): end the run in progress; the page keeps what it has drawn. False: none was running. */
  'run:stop': { request: z.null(), response: z.boolean() },
  /** Save an export (a picture, slides, the player page, a Perfetto trace): main asks where, then writes it. */
  'export:save': { request: ExportFile, response: SaveResult },
  /** The settings kept with the document's file (bookmarks); empty for a document never saved. */
  'file-settings:read': { request: z.object({ document: DocumentId }), response: FileSettings },
  /** Keep these settings with the document's file; false when it has no file yet (untitled). */
  'file-settings:write': { request: z.object({ document: DocumentId, settings: FileSettings }), response: z.boolean() },
} as const;
export type RequestChannel = keyof typeof requests;
export type RequestOf<C extends RequestChannel> = z.infer<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.infer<(typeof requests)[C]['response']>;

/** Main → renderer: one-way events. */
export const events = {
  'scenario:loaded': LoadedScenario,
  'run:progress': RunProgress,
  'menu:command': MenuCommand,
  'document:disk-changed': DiskChange,
  /**
   * Main is about to act on the buffer (close, quit, open another document, a change on disk)
   * and wants its text now, not as of the last debounced 'document:buffer': the page answers
   * with 'document:flushed' carrying the same number.
   */
  'document:flush': z.object({ flush: z.number().int().nonnegative() }),
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
  newScenario(): Promise<boolean>;
  playSource(document: number, source: string): Promise<boolean>;
  bufferChanged(document: number, buffer: BufferState): Promise<null>;
  bufferFlushed(flush: number, document: number | null, buffer: BufferState | null): Promise<null>;
  save(document: number, source: string): Promise<SaveResult>;
  saveAs(document: number, source: string): Promise<SaveResult>;
  onDiskChange(listener: (change: DiskChange) => void): () => void;
  onFlushRequest(listener: (request: { flush: number }) => void): () => void;
  stopRun(): Promise<boolean>;
  saveExport(file: ExportFile): Promise<SaveResult>;
  readFileSettings(document: number): Promise<FileSettings>;
  writeFileSettings(document: number, settings: FileSettings): Promise<boolean>;
}
