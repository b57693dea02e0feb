/**
 * A file chosen in the web build's file picker or dropped on its window, checked before it is
 * opened: a scenario is a .py file of UTF-8 text, at most MAX_SCENARIO_BYTES. Anything else gets
 * a message that names the file, says what is wrong and what to do (the desktop app reads files
 * by the same rules, main/electron/scenario-files.ts).
 */

/** As the desktop app: scenarios are teaching examples; a megabyte of Python is a mistake. */
export const MAX_SCENARIO_BYTES = 1_000_000;

export type DecodedScenario = { ok: true; source: string } | { ok: false; message: string };

const kb = (bytes: number): string => `${(bytes / 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;

export function decodeScenarioBytes(name: string, bytes: Uint8Array): DecodedScenario {
  if (!/\.py$/i.test(name)) return { ok: false, message: `Loopscope opens Python scenario files (.py); “${name}” is not one.` };
  if (bytes.length > MAX_SCENARIO_BYTES) {
    return { ok: false, message: `“${name}” is ${kb(bytes.length)}; scenarios are at most ${kb(MAX_SCENARIO_BYTES)}. Open a shorter file.` };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `“${name}” is UTF-16 text; Python source is UTF-8. Save it as UTF-8 in your editor and open it again.` };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, message: `“${name}” looks like a binary file, not Python source (it holds a NUL byte at offset ${nul}). Open the .py file of a scenario.` };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
    const byte = (bytes[bad] as number).toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      message: `“${name}” is not UTF-8 text: byte 0x${byte} on line ${line} is not valid UTF-8 (the file may be Latin-1 or Windows-1252). Save it as UTF-8 in your editor and open it again.`,
    };
  }
  const source = new TextDecoder('utf-8').decode(bytes);
  return { ok: true, source: source.startsWith('\uFEFF') ? source.slice(1) : source };
}

/** The offset of the first byte that does not belong to well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}
