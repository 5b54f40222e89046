/**
 * Text as a log line carries it: redacted, cut to a bounded length with a marker that says so,
 * and with control characters escaped, so that no text can forge a line.
 */

import { redact } from './redact.js';

/** The most characters of one text a log line carries. */
export const MAX_LOGGED_CHARS = 2048;
/** How much of a text is read: the cap, with room for what redaction shortens. */
const READ_CHARS = 4 * MAX_LOGGED_CHARS;
/** Longer than any secret known by its shape: one cut at the end of what is read may split it. */
const EDGE_CHARS = 256;
const DELIMITER = /[\s&;,"'<>()[\]{}]/;
/** C0 and C1 controls, DEL, Unicode line breaks and bidi overrides (Trojan Source). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape: a newline as `\n`, ESC as `\u001b`. */
export function escapeControl(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `text` for a log line: redacted, at most {@link MAX_LOGGED_CHARS} of it followed by
 * `…[cut, N chars]` when it is longer, and control characters escaped. Only the first 8 KiB are
 * read, so a 10 MB message costs what an 8 KiB one does; a token that the end of that part cuts in
 * two is left out, so no half of a secret shows.
 */
export function logText(text: string): string {
  const long = text.length > READ_CHARS;
  let shown = redact(long ? text.slice(0, READ_CHARS) : text);
  if (long) shown = shown.slice(0, lastTokenStart(shown));
  if (long || shown.length > MAX_LOGGED_CHARS) {
    let end = Math.min(shown.length, MAX_LOGGED_CHARS);
    const code = shown.charCodeAt(end - 1);
    if (code >= 0xd800 && code < 0xdc00) end--; // Never half a surrogate pair.
    shown = `${shown.slice(0, end)}…[cut, ${text.length} chars]`;
  }
  return escapeControl(shown);
}

/** Where the token that ends `text` starts, looking back at most {@link EDGE_CHARS}. */
function lastTokenStart(text: string): number {
  const stop = Math.max(0, text.length - EDGE_CHARS);
  for (let i = text.length - 1; i >= stop; i--) {
    if (DELIMITER.test(text[i] as string)) return i + 1;
  }
  return stop;
}
