/**
 * How CPython 3.11 turns numbers and strings into text: `repr(float)`, `repr(str)`, `'%.3f' % x`
 * and the format-spec mini-language of `format()` / f-strings / `str.format`.
 *
 * Float digits are produced the way `Python/dtoa.c` produces them: the shortest round-tripping
 * digits for `repr` (taken from JS, whose `toExponential()` yields the same shortest-and-closest
 * digits), and correctly rounded, ties-to-even digits for fixed and significant-digit modes
 * (computed exactly with BigInt arithmetic on the double's mantissa and exponent). Laying those
 * digits out is a port of `Python/pystrtod.c` (`format_float_short`), and format specs are a port of
 * `Python/formatter_unicode.c`.
 *
 * Lengths, widths and precisions count code points, as Python's do, not UTF-16 code units.
 */

/** The Python exception classes a format spec can raise. */
export type FormatErrorType = 'ValueError' | 'OverflowError';

/** An error CPython would raise while formatting; `pyType` is the Python class, `message` its text. */
export class FormatSpecError extends Error {
  readonly pyType: FormatErrorType;
  constructor(pyType: FormatErrorType, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}

// ---------------------------------------------------------------------------------------------
// Exact decimal digits of a double (the three _Py_dg_dtoa modes CPython uses).

/** Digits as _Py_dg_dtoa returns them: value = 0.<digits> * 10**decpt, no trailing zeros. */
interface DecimalDigits {
  digits: string;
  decpt: number;
  negative: boolean;
}

const scratch = new DataView(new ArrayBuffer(8));

/** A finite non-negative double as m * 2**e, m an integer (53 bits at most). */
function decompose(x: number): { m: bigint; e: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: biased - 1075 };
}

function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

/** round(num / den) with ties to even, for positive bigints (dtoa.c's rounding without ROUND_BIASED). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num - q * den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function stripTrailingZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** dtoa mode 0: the shortest digits that read back as x (JS and dtoa.c agree on these). */
function shortestDigits(x: number): DecimalDigits {
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  return { digits, decpt: Number(exponent) + 1, negative: isNegative(x) };
}

/** dtoa mode 3: x correctly rounded (ties to even) to `ndigits` places after the point. */
function fixedDigits(x: number, ndigits: number): DecimalDigits {
  const negative = isNegative(x);
  if (x === 0) return { digits: '0', decpt: 1, negative };
  const { m, e } = decompose(Math.abs(x));
  const num = (e >= 0 ? m << BigInt(e) : m) * pow10(ndigits);
  const den = e >= 0 ? 1n : 1n << BigInt(-e);
  const n = roundHalfEven(num, den);
  // Rounded away entirely: dtoa returns no digits, with the point just past the last place.
  if (n === 0n) return { digits: '', decpt: -ndigits, negative };
  const all = n.toString();
  return { digits: stripTrailingZeros(all), decpt: all.length - ndigits, negative };
}

/** dtoa mode 2: x correctly rounded (ties to even) to `ndigits` >= 1 significant digits. */
function significantDigits(x: number, ndigits: number): DecimalDigits {
  const negative = isNegative(x);
  if (x === 0) return { digits: '0', decpt: 1, negative };
  const { m, e } = decompose(Math.abs(x));
  const mNum = e >= 0 ? m << BigInt(e) : m;
  const mDen = e >= 0 ? 1n : 1n << BigInt(-e);
  // k = floor(log10(|x|)), estimated in floating point and then made exact.
  const atLeastPow10 = (j: number): boolean =>
    j >= 0 ? mNum >= pow10(j) * mDen : mNum * pow10(-j) >= mDen;
  let k = Math.floor(Math.log10(Math.abs(x)));
  while (!atLeastPow10(k)) k--;
  while (atLeastPow10(k + 1)) k++;
  const s = k + 1 - ndigits; // scale so that the rounded value has ndigits digits
  const n = s >= 0 ? roundHalfEven(mNum, mDen * pow10(s)) : roundHalfEven(mNum * pow10(-s), mDen);
  const all = n.toString();
  if (all.length > ndigits) return { digits: '1', decpt: k + 2, negative }; // rounded up to 10**(k+1)
  return { digits: stripTrailingZeros(all), decpt: k + 1, negative };
}

// ---------------------------------------------------------------------------------------------
// PyOS_double_to_string / format_float_short.

/** Flags of PyOS_double_to_string (Py_DTSF_SIGN, Py_DTSF_ADD_DOT_0, Py_DTSF_ALT, Py_DTSF_NO_NEG_0). */
export interface DoubleFormatFlags {
  /** Always write a sign ('+' for non-negative values). */
  readonly sign?: boolean;
  /** Write '.0' after an integral value in fixed notation (repr, and format specs without a type). */
  readonly addDot0?: boolean;
  /** The '#' alternate form: keep the decimal point, and trailing zeros for 'g'. */
  readonly alt?: boolean;
  /** The 'z' option: a negative value that rounds to zero is written without its '-'. */
  readonly noNeg0?: boolean;
}

/** A format code PyOS_double_to_string accepts ('r' is repr). */
export type DoubleFormatCode = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r';

/**
 * `PyOS_double_to_string(x, code, precision, flags)`: the one routine behind `repr(float)`,
 * `'%e' / '%f' / '%g' % x` and float format specs. For 'r' the precision must be 0.
 */
export function doubleToString(x: number, code: DoubleFormatCode, precision: number, flags: DoubleFormatFlags = {}): string {
  const upper = code === 'E' || code === 'F' || code === 'G';
  const lower = code.toLowerCase() as 'e' | 'f' | 'g' | 'r';
  let sign = flags.sign ?? false;
  const addDot0 = flags.addDot0 ?? false;
  const alt = flags.alt ?? false;

  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? 'nan' : 'inf';
    // The sign of a nan is ignored.
    const prefix = !Number.isNaN(x) && x < 0 ? '-' : sign ? '+' : '';
    return prefix + (upper ? word.toUpperCase() : word);
  }

  let d: DecimalDigits;
  switch (lower) {
    case 'e':
      precision += 1;
      d = significantDigits(x, precision);
      break;
    case 'f':
      d = fixedDigits(x, precision);
      break;
    case 'g':
      if (precision === 0) precision = 1; // precision 0 makes no sense for 'g'; interpret as 1
      d = significantDigits(x, precision);
      break;
    case 'r':
      d = shortestDigits(x);
      break;
  }
  const { digits } = d;
  let { decpt, negative } = d;
  if (flags.noNeg0 && negative && (digits.length === 0 || digits === '0')) negative = false;

  // Output the slice vdigits[vStart:vEnd] of the digits padded with zeros on both sides, with a
  // decimal point at decpt (format_float_short's "virtual digits").
  let vEnd = digits.length;
  let useExp = false;
  switch (lower) {
    case 'e':
      useExp = true;
      vEnd = precision;
      break;
    case 'f':
      vEnd = decpt + precision;
      break;
    case 'g':
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alt) vEnd = precision;
      break;
    case 'r':
      // Exponential from 1e16 on: a 16-digit shortest repr padded with zeros would look odd.
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vStart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) vEnd = Math.max(vEnd, decpt + 1);
  else vEnd = Math.max(vEnd, decpt);

  let out = negative ? '-' : sign ? '+' : '';
  if (decpt <= 0) out += '0'.repeat(decpt - vStart) + '.' + '0'.repeat(-decpt);
  else out += '0'.repeat(-vStart);
  if (decpt > 0 && decpt <= digits.length) out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  else out += digits;
  if (digits.length < decpt) out += '0'.repeat(decpt - digits.length) + '.' + '0'.repeat(vEnd - decpt);
  else out += '0'.repeat(vEnd - digits.length);
  if (out.endsWith('.') && !alt) out = out.slice(0, -1);
  if (useExp) out += (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  return out;
}

/** `repr(x)` / `str(x)` for a float: shortest round-trip digits, `1e+16`, `1e-05`, `1.0`, `inf`, `nan`. */
export function floatRepr(x: number): string {
  return doubleToString(x, 'r', 0, { addDot0: true });
}

/** `'%.{digits}f' % x`: correctly rounded from the exact binary value, ties to even. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0) throw new RangeError(`formatFixed: bad digit count ${digits}`);
  return doubleToString(x, 'f', digits);
}

/** `'%.3f' % x`, the transcript's time format. */
export function formatTime3(x: number): string {
  return doubleToString(x, 'f', 3);
}

/**
 * sys.get_int_max_str_digits() in CPython 3.11.7: converting an int to or from decimal (any base
 * that is not a power of two) fails beyond this many digits, since the conversion is quadratic
 * (CVE-2020-10735). A huge int printed by mistake fails fast instead of hogging the run.
 */
export const INT_MAX_STR_DIGITS = 4300;

/** The ValueError of int → str beyond the limit (Objects/longobject.c, _MAX_STR_DIGITS_ERROR_FMT_TO_STR). */
export function intToStrLimitError(): FormatSpecError {
  return new FormatSpecError(
    'ValueError',
    `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
  );
}

/** The ValueError of str → int beyond the limit (_MAX_STR_DIGITS_ERROR_FMT_TO_INT). */
export function strToIntLimitError(digits: number): FormatSpecError {
  return new FormatSpecError(
    'ValueError',
    `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`,
  );
}

/** More bits than this is certainly more than INT_MAX_STR_DIGITS decimal digits (log2(10) < 3.33). */
const INT_MAX_STR_BITS = BigInt(Math.ceil(INT_MAX_STR_DIGITS * 3.33) + 1);

/** `repr(n)` / `str(n)` for a Python int held as an integral number or a bigint. */
export function intRepr(n: number | bigint): string {
  if (typeof n === 'bigint') return bigintDecimal(n);
  if (!Number.isInteger(n)) throw new TypeError(`intRepr: ${n} is not an integer`);
  return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
}

function bigintDecimal(n: bigint): string {
  const magnitude = n < 0n ? -n : n;
  // Refused before converting when it is clearly too long: the conversion is the cost.
  if (magnitude >> INT_MAX_STR_BITS !== 0n) throw intToStrLimitError();
  const text = magnitude.toString();
  if (text.length > INT_MAX_STR_DIGITS) throw intToStrLimitError();
  return n < 0n ? `-${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// repr(str)

/**
 * `str.isprintable()` for one code point, as Python 3.11 (Unicode 14.0) answers it: false for
 * categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space. The host's `\p{...}` tables
 * follow its own (newer) Unicode version, so the answer comes from Python's own table instead.
 */
export function isPrintable(codePoint: number): boolean {
  const ranges = nonPrintableRanges();
  let lo = 0;
  let hi = ranges.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codePoint < ranges[2 * mid]!) hi = mid;
    else if (codePoint > ranges[2 * mid + 1]!) lo = mid + 1;
    else return false;
  }
  return true;
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, '0');
}

/**
 * `repr(s)` as unicode_repr in Objects/unicodeobject.c: single quotes unless the string contains
 * `'` and no `"`; backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`; `\xNN`, `\uNNNN` or
 * `\UNNNNNNNN` for other non-printable characters; printable non-ASCII kept as is. A lone
 * surrogate in the JS string is a lone surrogate code point, as in Python.
 */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c < 0x7f || isPrintable(c)) out += ch;
    else if (c < 0x100) out += '\\x' + hex(c, 2);
    else if (c < 0x10000) out += '\\u' + hex(c, 4);
    else out += '\\U' + hex(c, 8);
  }
  return out + quote;
}

// ---------------------------------------------------------------------------------------------
// The format-spec mini-language (Python/formatter_unicode.c).

/** How the digits of the integer part are grouped (formatter_unicode.c's LocaleType). */
type Grouping = 'none' | ',' | '_' | '_4';

/** InternalFormatSpec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`. */
interface InternalSpec {
  fill: string;
  align: string;
  alternate: boolean;
  noNeg0: boolean;
  sign: string;
  width: number;
  grouping: Grouping;
  precision: number;
  type: string;
}

const PY_SSIZE_T_MAX = (1n << 63n) - 1n;
const INT_MAX = 0x7fffffff;

/** '%c' for a type character in error messages: the character, or \x<hex> outside 33..127. */
function typeCharForMessage(type: string): string {
  const c = type.codePointAt(0)!;
  return c > 32 && c < 128 ? type : `\\x${c.toString(16)}`;
}

/**
 * The code points of Unicode 14's decimal digit zeros (Numeric_Type=Decimal). Decimal digits come
 * in complete runs of ten, '0' to '9', so these 66 starts identify every decimal digit.
 */
const DECIMAL_ZEROS = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
  0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
  0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0,
  0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0,
  0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
  0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/** Py_UNICODE_TODECIMAL: the value of a decimal digit in any script, or -1. */
function decimalValue(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
  for (const zero of DECIMAL_ZEROS) {
    if (c >= zero && c <= zero + 9) return c - zero;
  }
  return -1;
}

/** get_integer: decimal digits from pos; returns [value or -1 when absent, new pos]. */
function readInteger(cps: readonly string[], pos: number): [number, number] {
  let acc = 0n;
  const start = pos;
  while (pos < cps.length && decimalValue(cps[pos]!) >= 0) {
    const digit = BigInt(decimalValue(cps[pos]!));
    if (acc > (PY_SSIZE_T_MAX - digit) / 10n) throw new FormatSpecError('ValueError', 'Too many decimal digits in format string');
    acc = acc * 10n + digit;
    pos++;
  }
  return [pos === start ? -1 : Number(acc), pos];
}

/** parse_internal_render_format_spec, including its checks of grouping against the type. */
function parseSpec(spec: string, defaultType: string, defaultAlign: string, typeName: string): InternalSpec {
  const cps = Array.from(spec);
  const end = cps.length;
  const isAlign = (c: string | undefined): boolean => c === '<' || c === '>' || c === '=' || c === '^';
  const f: InternalSpec = {
    fill: ' ', align: defaultAlign, alternate: false, noNeg0: false, sign: '',
    width: -1, grouping: 'none', precision: -1, type: defaultType,
  };
  let pos = 0;
  let fillSpecified = false;
  let alignSpecified = false;
  if (end - pos >= 2 && isAlign(cps[pos + 1])) {
    f.align = cps[pos + 1]!;
    f.fill = cps[pos]!;
    fillSpecified = alignSpecified = true;
    pos += 2;
  } else if (end - pos >= 1 && isAlign(cps[pos])) {
    f.align = cps[pos]!;
    alignSpecified = true;
    pos++;
  }
  if (pos < end && (cps[pos] === '+' || cps[pos] === '-' || cps[pos] === ' ')) f.sign = cps[pos++]!;
  if (pos < end && cps[pos] === 'z') {
    f.noNeg0 = true;
    pos++;
  }
  if (pos < end && cps[pos] === '#') {
    f.alternate = true;
    pos++;
  }
  // The special case for 0-padding (backwards compatibility): '=' alignment for numbers only.
  if (!fillSpecified && pos < end && cps[pos] === '0') {
    f.fill = '0';
    if (!alignSpecified && defaultAlign === '>') f.align = '=';
    pos++;
  }
  [f.width, pos] = readInteger(cps, pos);
  const bothSeparators = (): FormatSpecError => new FormatSpecError('ValueError', "Cannot specify both ',' and '_'.");
  if (pos < end && cps[pos] === ',') {
    f.grouping = ',';
    pos++;
  }
  if (pos < end && cps[pos] === '_') {
    if (f.grouping !== 'none') throw bothSeparators();
    f.grouping = '_';
    pos++;
  }
  if (pos < end && cps[pos] === ',' && f.grouping === '_') throw bothSeparators();
  if (pos < end && cps[pos] === '.') {
    pos++;
    [f.precision, pos] = readInteger(cps, pos);
    if (f.precision === -1) throw new FormatSpecError('ValueError', 'Format specifier missing precision');
  }
  if (end - pos > 1) {
    throw new FormatSpecError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  if (end - pos === 1) f.type = cps[pos]!;

  if (f.grouping !== 'none') {
    const t = f.type;
    if ('defgEG%F'.includes(t) || t === '') {
      // allowed (PEP 378)
    } else if ('boxX'.includes(t) && f.grouping === '_') {
      f.grouping = '_4'; // every four digits in bin/oct/hex (PEP 515)
    } else {
      throw new FormatSpecError('ValueError', `Cannot specify '${f.grouping}' with '${typeCharForMessage(t)}'.`);
    }
  }
  return f;
}

function unknownType(type: string, typeName: string): FormatSpecError {
  return new FormatSpecError('ValueError', `Unknown format code '${typeCharForMessage(type)}' for object of type '${typeName}'`);
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The separator and group size of a grouping mode (get_locale_info; 'n' uses the C locale: none). */
function groupingInfo(g: Grouping): { sep: string; size: number } {
  switch (g) {
    case ',': return { sep: ',', size: 3 };
    case '_': return { sep: '_', size: 3 };
    case '_4': return { sep: '_', size: 4 };
    case 'none': return { sep: '', size: 0 };
  }
}

/**
 * _PyUnicode_InsertThousandsGrouping: group `digits` from the right, padding with zeros (and
 * separators between them) until the result is at least `minWidth` long.
 */
function groupDigits(digits: string, minWidth: number, sep: string, size: number): string {
  minWidth = Math.max(0, minWidth);
  let remaining = digits.length;
  let digitsEnd = digits.length;
  const chunks: string[] = []; // right to left
  let useSep = false;
  const take = (len: number): void => {
    const zeros = Math.max(0, len - remaining);
    const chars = Math.max(0, Math.min(remaining, len));
    chunks.push('0'.repeat(zeros) + digits.slice(digitsEnd - chars, digitsEnd) + (useSep ? sep : ''));
    digitsEnd -= chars;
    remaining -= chars;
    useSep = true;
  };
  let finished = false;
  if (size > 0) {
    for (;;) {
      const len = Math.min(size, Math.max(remaining, minWidth, 1));
      take(len);
      minWidth -= len;
      if (remaining <= 0 && minWidth <= 0) {
        finished = true;
        break;
      }
      minWidth -= sep.length;
    }
  }
  if (!finished) take(Math.max(remaining, minWidth, 1));
  return chunks.reverse().join('');
}

/** A number split as calc_number_widths sees it. */
interface NumberParts {
  signChar: '' | '-';
  prefix: string; // '0x' and friends
  digits: string; // integer digits, grouped
  decimal: boolean; // a decimal point follows the digits
  remainder: string; // fraction, exponent, '%'; or the character of 'c'
}

/** calc_number_widths + fill_number: sign, prefix, padding, grouping and alignment. */
function layoutNumber(p: NumberParts, f: InternalSpec, grouping: Grouping, upper: boolean): string {
  let sign = '';
  if (f.sign === '+') sign = p.signChar === '-' ? '-' : '+';
  else if (f.sign === ' ') sign = p.signChar === '-' ? '-' : ' ';
  else if (p.signChar === '-') sign = '-';
  const nonDigit = sign.length + p.prefix.length + (p.decimal ? 1 : 0) + codePointLength(p.remainder);
  const minWidth = f.fill === '0' && f.align === '=' ? f.width - nonDigit : 0;
  const { sep, size } = groupingInfo(grouping);
  let grouped = p.digits.length === 0 ? '' : groupDigits(p.digits, minWidth, sep, size);
  let prefix = p.prefix;
  if (upper) {
    grouped = grouped.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  const padding = f.width - (nonDigit + grouped.length);
  let left = '';
  let inner = '';
  let right = '';
  if (padding > 0) {
    switch (f.align) {
      case '<': right = f.fill.repeat(padding); break;
      case '^': {
        const l = Math.floor(padding / 2);
        left = f.fill.repeat(l);
        right = f.fill.repeat(padding - l);
        break;
      }
      case '=': inner = f.fill.repeat(padding); break;
      default: left = f.fill.repeat(padding); break;
    }
  }
  return left + sign + prefix + inner + grouped + (p.decimal ? '.' : '') + p.remainder + right;
}

/** format_long_internal for the integer presentation types b c d o x X n. */
function formatIntegerInternal(n: bigint, f: InternalSpec): string {
  if (f.precision !== -1) throw new FormatSpecError('ValueError', 'Precision not allowed in integer format specifier');
  if (f.noNeg0) throw new FormatSpecError('ValueError', 'Negative zero coercion (z) not allowed in integer format specifier');
  if (f.type === 'c') {
    if (f.sign !== '') throw new FormatSpecError('ValueError', "Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw new FormatSpecError('ValueError', "Alternate form (#) not allowed with integer format specifier 'c'");
    if (n < -(1n << 63n) || n >= 1n << 63n) throw new FormatSpecError('OverflowError', 'Python int too large to convert to C long');
    if (n < 0n || n > 0x10ffffn) throw new FormatSpecError('OverflowError', '%c arg not in range(0x110000)');
    // The character travels as a "remainder": copied, never grouped or padded with zeros.
    const ch = String.fromCodePoint(Number(n));
    return layoutNumber({ signChar: '', prefix: '', digits: '', decimal: false, remainder: ch }, f, f.grouping, false);
  }
  const base = f.type === 'b' ? 2 : f.type === 'o' ? 8 : f.type === 'x' || f.type === 'X' ? 16 : 10;
  const prefix = f.alternate && base !== 10 ? '0' + (base === 2 ? 'b' : base === 8 ? 'o' : 'x') : '';
  const digits = base === 10 ? intRepr(n < 0n ? -n : n) : (n < 0n ? -n : n).toString(base);
  // 'n' groups by the current locale, which is "C" in a fresh interpreter: no grouping.
  const grouping = f.type === 'n' ? 'none' : f.grouping;
  return layoutNumber({ signChar: n < 0n ? '-' : '', prefix, digits, decimal: false, remainder: '' }, f, grouping, f.type === 'X');
}

/** format_float_internal for the float presentation types e E f F g G n % and none. */
function formatFloatInternal(x: number, f: InternalSpec): string {
  if (f.precision > INT_MAX) throw new FormatSpecError('ValueError', 'precision too big');
  let type = f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  let addPct = false;
  if (type === '') {
    // No type: like repr() without a precision, else like 'g' with at least one digit after the point.
    addDot0 = true;
    type = 'r';
    defaultPrecision = 0;
  }
  if (type === 'n') type = 'g';
  if (type === '%') {
    type = 'f';
    x *= 100;
    addPct = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  let buf = doubleToString(x, type as DoubleFormatCode, precision, { alt: f.alternate, noNeg0: f.noNeg0, addDot0 });
  if (addPct) buf += '%';

  let signChar: '' | '-' = '';
  if (buf.startsWith('-')) {
    signChar = '-';
    buf = buf.slice(1);
  }
  // parse_number: leading digits, then maybe a decimal point, then the remainder.
  let i = 0;
  while (i < buf.length && buf.charCodeAt(i) >= 48 && buf.charCodeAt(i) <= 57) i++;
  const decimal = buf[i] === '.';
  const parts: NumberParts = { signChar, prefix: '', digits: buf.slice(0, i), decimal, remainder: buf.slice(decimal ? i + 1 : i) };
  return layoutNumber(parts, f, f.type === 'n' ? 'none' : f.grouping, false);
}

/** float(int) for a float presentation type: correctly rounded, OverflowError when too large. */
function intToFloat(n: number | bigint): number {
  if (typeof n === 'number') return n;
  const x = Number(n);
  if (!Number.isFinite(x)) throw new FormatSpecError('OverflowError', 'int too large to convert to float');
  return x;
}

/**
 * `format(n, spec)` for a Python int (`typeName` is used in error messages; 'bool' for bools).
 * Float presentation types convert the int to float first, as CPython does.
 */
export function formatInt(n: number | bigint, spec: string, typeName = 'int'): string {
  if (spec === '') return intRepr(n);
  const f = parseSpec(spec, 'd', '>', typeName);
  switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      return formatIntegerInternal(typeof n === 'bigint' ? n : BigInt(intRepr(n)), f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      return formatFloatInternal(intToFloat(n), f);
    default:
      throw unknownType(f.type, typeName);
  }
}

/** `format(b, spec)` for a bool: 'True'/'False' for an empty spec, otherwise formatted as the int 0/1. */
export function formatBool(b: boolean, spec: string): string {
  if (spec === '') return b ? 'True' : 'False';
  return formatInt(b ? 1 : 0, spec, 'bool');
}

/** `format(x, spec)` for a Python float. */
export function formatFloat(x: number, spec: string): string {
  if (spec === '') return floatRepr(x);
  const f = parseSpec(spec, '', '>', 'float');
  switch (f.type) {
    case '': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      return formatFloatInternal(x, f);
    default:
      throw unknownType(f.type, 'float');
  }
}

/** `format(s, spec)` for a Python str (format_string_internal). */
export function formatStr(s: string, spec: string): string {
  if (spec === '') return s;
  const f = parseSpec(spec, 's', '<', 'str');
  if (f.type !== 's') throw unknownType(f.type, 'str');
  if (f.sign !== '') {
    throw new FormatSpecError('ValueError', f.sign === ' ' ? 'Space not allowed in string format specifier' : 'Sign not allowed in string format specifier');
  }
  if (f.noNeg0) throw new FormatSpecError('ValueError', 'Negative zero coercion (z) not allowed in string format specifier');
  if (f.alternate) throw new FormatSpecError('ValueError', 'Alternate form (#) not allowed in string format specifier');
  if (f.align === '=') throw new FormatSpecError('ValueError', "'=' alignment not allowed in string format specifier");
  // Precision truncates and width pads by code points.
  let len = codePointLength(s);
  let value = s;
  if (f.precision >= 0 && len > f.precision) {
    value = Array.from(s).slice(0, f.precision).join('');
    len = f.precision;
  }
  const padding = f.width - len;
  if (padding <= 0) return value;
  switch (f.align) {
    case '>': return f.fill.repeat(padding) + value;
    case '^': {
      const l = Math.floor(padding / 2);
      return f.fill.repeat(l) + value + f.fill.repeat(padding - l);
    }
    default: return value + f.fill.repeat(padding);
  }
}

/** A value for {@link formatSpec}: Python's int, float, bool and str, tagged where JS is ambiguous. */
export type FormatValue =
  | string
  | boolean
  | bigint
  | { readonly kind: 'int'; readonly value: number | bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'str'; readonly value: string };

/**
 * `format(value, spec)` for int, float, bool and str. A bare string, boolean or bigint is the
 * Python str, bool or int; a `number` must be tagged, since `1` and `1.0` format differently.
 */
export function formatSpec(value: FormatValue, spec: string): string {
  if (typeof value === 'string') return formatStr(value, spec);
  if (typeof value === 'boolean') return formatBool(value, spec);
  if (typeof value === 'bigint') return formatInt(value, spec);
  switch (value.kind) {
    case 'int': return formatInt(value.value, spec);
    case 'float': return formatFloat(value.value, spec);
    case 'bool': return formatBool(value.value, spec);
    case 'str': return formatStr(value.value, spec);
  }
}

// ---------------------------------------------------------------------------------------------
// Python 3.11's non-printable code points (Unicode 14.0.0), generated by
// tests/python/fixtures/gen_format.py from `chr(c).isprintable()` over all code points and checked
// against it by tests/python/format.test.ts. Each entry is "gap.length" in base 36: a range starts
// `gap` code points after the previous range's end and covers `length + 1` code points.

const NON_PRINTABLE_TABLE =
  '0.v 2n.x c.0 ju.1 6.3 7.0 1.0 k.0 b1.0 12.1 1e.1 3.0 1j.7 r.3 6.g m.0 5c.0 1c.1 1n.1 2t.d 1n.1 1d.1 ' +
  'f.0 s.1 1.0 b.4 v.8 22.0 4h.0 8.1 2.1 m.0 7.0 1.2 4.1 9.1 2.1 4.7 1.3 2.0 5.1 p.1 3.0 6.3 2.1 m.0 ' +
  '7.0 2.0 2.0 2.1 1.0 5.3 2.1 3.2 1.6 4.0 1.6 h.9 3.0 9.0 3.0 m.0 7.0 2.0 5.1 a.0 3.0 3.1 1.e 4.1 c.6 ' +
  '7.0 3.0 8.1 2.1 m.0 7.0 2.0 5.1 9.1 2.1 3.6 3.3 2.0 5.1 i.9 2.0 6.2 3.0 4.2 2.0 1.0 2.2 2.2 3.2 c.3 ' +
  '5.2 3.0 4.1 1.5 1.d l.4 d.0 3.0 n.0 g.1 9.0 3.0 4.6 2.0 3.1 1.1 4.1 a.6 m.0 3.0 n.0 a.0 5.1 9.0 3.0 ' +
  '4.6 2.5 2.0 4.1 a.0 2.c d.0 3.0 1f.0 3.0 6.3 g.1 q.0 3.0 i.2 o.0 9.0 1.1 7.2 1.3 6.0 1.0 8.5 a.1 ' +
  '3.b 1m.3 t.10 2.0 1.0 5.0 o.0 1.0 n.1 5.0 1.0 6.1 a.1 4.v 20.0 10.3 13.0 10.0 f.0 d.10 5i.0 1.4 1.1 ' +
  'ah.0 4.1 7.0 1.0 4.1 15.0 4.1 x.0 4.1 7.0 1.0 4.1 f.0 1l.0 4.1 1v.1 w.2 q.5 2e.1 6.1 hs.0 s.2 2h.6 ' +
  'm.8 o.8 k.b d.0 3.0 2.b 2m.1 a.5 a.5 e.0 b.5 2h.6 17.4 1y.9 v.0 c.3 c.3 1.2 16.1 5.a 18.3 q.5 b.2 ' +
  '1q.1 1t.0 t.1 b.5 a.5 e.1 v.1c 25.2 1b.0 38.7 1o.2 f.2 1o.6 17.1 b.7 17.4 eu.1 6.1 12.1 6.1 8.0 1.0 ' +
  '1.0 1.0 v.1 1h.0 f.0 e.1 6.0 j.1 3.0 9.g o.7 1b.g 2.1 r.0 d.2 x.e x.e 3w.3 if.o b.k 1ec.1 w.0 9p.4 ' +
  '19.0 1.4 1.1 1k.6 2.d o.8 7.0 7.0 7.0 7.0 7.0 7.0 7.0 7.0 3i.x q.0 2h.b 5y.p c.4 1r.0 2e.1 2v.4 ' +
  '17.0 2m.0 2c.b 1b.0 mlp.2 1j.8 9o.j 54.7 5n.4 2.0 1.0 5.n 1n.2 a.5 1k.7 1y.7 c.5 38.a u.2 26.0 b.3 ' +
  'x.0 1j.8 e.1 a.1 2v.n s.9 6.1 6.1 6.8 7.0 7.0 1o.3 3i.1 a.5 8mc.b n.3 1d.6ir a6.1 2y.11 7.b 5.4 q.0 ' +
  '5.0 1.0 2.0 2.0 3h.f cd.1 1i.6 1.v 16.5 1f.0 j.0 4.3 5.0 3r.3 5a.2 6.1 6.1 6.1 3.2 7.0 7.c 2.1 c.0 ' +
  'q.0 j.0 2.0 f.1 e.x 3f.4 3.3 19.2 2g.0 d.2 1.1a 1a.3l t.2 1d.e s.3 10.8 u.4 17.4 u.0 11.3 e.15 4e.1 ' +
  'a.5 10.3 10.3 14.7 1g.a c.0 f.0 7.0 2.0 b.0 f.0 7.0 2.1u 8n.8 m.9 8.n 6.0 16.0 9.1w 6.1 1.0 18.0 ' +
  '2.2 1.1 n.0 20.7 9.1b j.0 2.4 x.2 r.4 1.1r 1k.3 k.1 1e.0 2.4 8.0 3.0 t.1 3.3 a.6 9.6 1s.v 13.3 c.8 ' +
  '1i.2 t.1 r.4 q.6 4.b 7.27 21.1i 1f.c 1f.6 1a.7 a.85 v.0 16.0 3.1 2.25 14.7 16.l q.11 s.j n.8 26.3 ' +
  '10.8 1q.0 5.c p.6 a.5 1h.0 i.7 13.8 2o.0 k.a i.0 18.1s 7.0 1.0 4.0 f.0 b.5 1n.4 a.5 4.0 8.1 2.1 m.0 ' +
  '7.0 2.0 5.0 a.1 2.1 3.1 1.5 1.4 7.1 7.2 5.3u 2k.0 5.t 20.7 a.4l 1i.1 12.x 1x.a a.5 d.i 1m.5 a.1h ' +
  'r.1 f.3 n.54 1o.2r 2b.b 8.1 1.1 8.0 2.0 u.0 2.1 c.8 a.1x 8.1 1a.1 b.q 20.7 2b.c 21.7a 9.0 19.0 e.9 ' +
  't.2 w.1 m.0 e.20 7.0 2.0 18.2 1.0 2.0 9.7 a.5 6.0 2.0 11.0 2.0 6.6 a.8l p.52 1.e 1e.c pn.2t 33.0 ' +
  '5.a 5g.217 2r.c tr.34g g7.6ns ft.6 v.0 a.3 29.0 a.5 u.1 6.9 1y.9 a.0 7.0 l.4 j.j3 2j.2s 23.3 1l.6 ' +
  'h.1r 5.a 2.d 4qg.7 ye.15 9.6w6 4.0 7.0 2.0 83.18 3.g 4.7 b0.1s3 2z.4 d.2 9.6 a.1 4.3mn 1a.1 n.8 ' +
  '38.1n 6u.9 13.1 22.7 34.k 1y.49 k.b 2f.8 p.3q 2d.0 1z.0 2.1 1.1 2.1 4.0 c.0 1.0 7.0 1t.0 4.1 8.0 ' +
  '7.0 s.0 4.0 5.0 1.2 7.0 9g.1 84.1 ji.e 5.0 f.un v.68 7.0 h.1 7.0 2.0 5.5w 19.2 e.1 a.3 2.8v v.g ' +
  '1m.4 1.yn 7.0 4.0 2.0 f.0 5h.1 g.14 24.3 a.3 2.ls 1w.23 1p.5d 4.0 r.0 2.0 1.1 1.0 a.0 4.0 1.0 1.5 ' +
  '1.3 1.0 1.0 1.0 3.0 2.0 1.1 1.0 1.0 1.0 1.0 1.0 2.0 1.1 4.0 7.0 4.0 4.0 1.0 a.0 h.4 3.0 5.0 h.1f ' +
  '2.7h 18.3 2s.b f.1 f.0 f.0 11.9 4u.1j t.c 18.3 9.6 2.d 6.49 rc.4 g.2 d.2 38.b 2h.6 c.3 1.e c.3 1k.7 ' +
  'a.5 14.7 u.1 2.25 9g.b e.1 5.2 5.2 7.8 t.2 b.4 6.9 a.5 8.7 7.8 43.0 1j.10 a.sl wyo.v 37d.6 66.1 ' +
  '4g2.d 5rl.2e6 f2.15t 3t7.fcms 6o.47bj';

let nonPrintable: Int32Array | null = null;

/** The decoded table: [start0, end0, start1, end1, ...], inclusive and ascending. */
function nonPrintableRanges(): Int32Array {
  if (nonPrintable === null) {
    const entries = NON_PRINTABLE_TABLE.split(' ');
    const ranges = new Int32Array(entries.length * 2);
    let previousEnd = -1;
    entries.forEach((entry, i) => {
      const [gap, length] = entry.split('.') as [string, string];
      const start = previousEnd + 1 + parseInt(gap, 36);
      previousEnd = start + parseInt(length, 36);
      ranges[2 * i] = start;
      ranges[2 * i + 1] = previousEnd;
    });
    nonPrintable = ranges;
  }
  return nonPrintable;
}
