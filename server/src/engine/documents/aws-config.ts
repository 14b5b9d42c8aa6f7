/**
 * The AWS SDK/CLI shared `config` and `credentials` files (`~/.aws/config`, `.aws/credentials`): the
 * INI dialect the AWS CLI and SDKs read, parsed into the engine's value tree with exact spans.
 *
 * - `[default]`, `[profile name]`, `[sso-session name]`, `[services name]` (and in a credentials file
 *   `[name]`) start a section; the section header's text between the brackets is the root entry's key.
 * - `key = value` (or `key=value`) inside a section is an entry of the section; the value is the text
 *   after `=` without surrounding blanks, read as a string (no quoting or escapes in this dialect).
 * - `key =` with nothing after it, followed by lines indented more than it, is a sub-section
 *   (`s3 =` then `  endpoint_url = ...` in a profile or a `services` section): an object of those lines.
 * - A line whose first non-blank character is `#` or `;` is a comment, and so is the rest of a line
 *   from a `#` or `;` that follows a blank (`region = us-east-1 # east`), as the AWS SDKs read it.
 * - Line breaks may be LF, CRLF or a lone CR.
 *
 * Half-typed files are normal (an editor sends every keystroke): the parser never throws. A line it
 * cannot read (`[profile dev` without its `]`, a word without `=`, a setting before any section) gets
 * a parse-error notice and is left out; everything else is read.
 */
import type { Notice, Span } from '../types';
import type { VEntry, VObject, VScalar } from '../value';
import type { Comment } from './document';

/** Settings (lines) past which a file is not analysed: a bound on memory (a real config file has dozens). */
export const MAX_AWS_CONFIG_LINES = 200_000;

/** Lines between two looks at the clock. */
const CLOCK_EVERY = 4096;

export interface AwsConfigParse {
  /** One entry per section (key: the header's text, `profile dev`), each an object of its settings. */
  root: VObject;
  comments: Comment[];
  notices: Notice[];
  /** Set when the deadline stopped the parse (the document is then not analysed). */
  stopped?: boolean;
}

export interface AwsConfigParseOptions {
  /** `performance.now()` time after which parsing gives up. */
  deadline?: number;
}

/** A space or a tab, by char code (the loops below read codes: no one-character string per character). */
const isBlank = (c: number) => c === 32 || c === 9;

/** The end of a line's content (before a comment that starts it or follows a blank), blanks trimmed. */
function contentEnd(text: string, start: number, end: number, comments: Comment[]): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c === 35 || c === 59) && (i === start || isBlank(text.charCodeAt(i - 1)))) {
      comments.push({ span: { start: i, end }, text: text.slice(i + 1, end) });
      end = i;
      break;
    }
  }
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

/** A section's entries and where they are, while it is read. */
interface OpenSection {
  obj: VObject;
  entry: VEntry;
  /** The sub-section being read (`s3 =` and its indented lines), with the indentation of its key. */
  sub?: { obj: VObject; entry: VEntry; indent: number };
  /** The last setting with a value, whose indented lines without `=` continue it. */
  last?: VEntry;
}

export function parseAwsConfig(path: string, text: string, opts: AwsConfigParseOptions = {}): AwsConfigParse {
  const comments: Comment[] = [];
  const notices: Notice[] = [];
  const root: VObject = { kind: 'object', entries: [], span: { start: 0, end: text.length } };
  const note = (span: Span, message: string) => {
    // One notice per kind of problem is enough to say the file is half typed; more would flood an editor.
    if (notices.length < 20) notices.push({ file: path, kind: 'parse-error', message, span });
  };
  let section: OpenSection | undefined;
  /** After a header that cannot be read: its lines are not read either, until the next header. */
  let skipping = false;
  /** Ends the section being read: its span (and its entry's) ends with its last setting. */
  const close = () => {
    if (!section) return;
    const sub = section.sub;
    if (sub) closeSub(sub);
    section.entry.span.end = section.obj.span.end;
    section = undefined;
  };
  const closeSub = (sub: NonNullable<OpenSection['sub']>) => {
    // An empty sub-section (`s3 =` and nothing indented below) is an empty string value.
    if (!sub.obj.entries.length) {
      const at = sub.entry.value.span.start;
      sub.entry.value = { kind: 'string', value: '', span: { start: at, end: at } } as VScalar;
    } else sub.entry.span.end = sub.obj.span.end;
    if (section) section.sub = undefined;
  };
  const tooMany = (): AwsConfigParse => {
    notices.push({ file: path, kind: 'limit', message: `file not analysed: more than ${MAX_AWS_CONFIG_LINES.toLocaleString('en')} lines (a bound on memory; an AWS config file has dozens)` });
    return { root: { kind: 'object', entries: [], span: { start: 0, end: text.length } }, comments: [], notices };
  };
  // Counted before anything is built (line feeds: a fast search); lone CRs are counted while reading.
  for (let i = text.indexOf('\n'), k = 1; i >= 0; i = text.indexOf('\n', i + 1)) if (++k > MAX_AWS_CONFIG_LINES) return tooMany();
  let lines = 0;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    // The line [start, end) and the start of the next one.
    const start = pos;
    let end = start;
    for (let c = text.charCodeAt(end); end < n && c !== 10 && c !== 13; c = text.charCodeAt(++end));
    pos = end < n ? (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1) : n + 1;
    if (++lines > MAX_AWS_CONFIG_LINES) return tooMany();
    if (opts.deadline !== undefined && lines % CLOCK_EVERY === 0 && performance.now() > opts.deadline) return { root, comments, notices, stopped: true };
    let first = start;
    while (first < end && isBlank(text.charCodeAt(first))) first++;
    if (first === end) continue; // blank line
    const indent = first - start;
    const c = text[first];
    if (c === '#' || c === ';') {
      comments.push({ span: { start: first, end }, text: text.slice(first + 1, end) });
      continue;
    }
    if (c === '[') {
      const last = contentEnd(text, first, end, comments);
      close();
      let ns = first + 1;
      let ne = last - 1;
      while (ns < ne && isBlank(text.charCodeAt(ns))) ns++;
      while (ne > ns && isBlank(text.charCodeAt(ne - 1))) ne--;
      if (text[last - 1] !== ']' || last - first < 2 || ns === ne) {
        // Its settings belong to no section the SDKs would read: they are skipped quietly (the header has the notice).
        const what = text[last - 1] !== ']' || last - first < 2 ? 'section header without its closing "]"' : 'section header without a name';
        note({ start: first, end: last }, `${what} (expected "[profile name]"); the section is not read`);
        skipping = true;
        continue;
      }
      skipping = false;
      const name = text.slice(ns, ne);
      const obj: VObject = { kind: 'object', entries: [], span: { start: first, end: last } };
      const entry: VEntry = { key: name, keySpan: { start: ns, end: ne }, value: obj, span: { start: first, end: last } };
      root.entries.push(entry);
      section = { obj, entry };
      continue;
    }
    const valueEnd = contentEnd(text, first, end, comments);
    if (valueEnd === first || skipping) continue; // only a comment after blanks (already recorded), or a line of a broken section
    // The first `=` of the line's content (searched within the line: indexOf would run on through a file of lines without one).
    let eq = first;
    while (eq < valueEnd && text.charCodeAt(eq) !== 61) eq++;
    if (eq === valueEnd) eq = -1;
    if (!section) {
      note({ start: first, end: valueEnd }, eq >= 0 && eq < valueEnd ? 'setting outside any section (add "[default]" or "[profile name]" above it); it is not read' : 'expected "[profile name]" or "key = value"; the line is not read');
      continue;
    }
    // Inside a sub-section: a line indented deeper than its key belongs to it.
    const sub = section.sub;
    if (sub && indent <= sub.indent) closeSub(sub);
    if (eq < 0 || eq >= valueEnd) {
      // An indented line without `=` continues the previous value (as configparser reads it): not a setting of its own.
      if (indent > 0 && section.last) continue;
      note({ start: first, end: valueEnd }, 'expected "key = value"; the line is not read');
      continue;
    }
    let ke = eq;
    while (ke > first && isBlank(text.charCodeAt(ke - 1))) ke--;
    if (ke === first) {
      note({ start: first, end: valueEnd }, 'setting without a name before "="; the line is not read');
      continue;
    }
    let vs = eq + 1;
    while (vs < valueEnd && isBlank(text.charCodeAt(vs))) vs++;
    const key = text.slice(first, ke);
    const keySpan = { start: first, end: ke };
    const target = section.sub ?? section;
    if (vs === valueEnd && !section.sub) {
      // `key =`: a sub-section when lines indented deeper follow; an empty value otherwise (see closeSub).
      // Its span is the empty value's (just after `=`) until lines of the sub-section come.
      const obj: VObject = { kind: 'object', entries: [], span: { start: vs, end: vs } };
      const entry: VEntry = { key, keySpan, value: obj, span: { start: first, end: valueEnd } };
      section.obj.entries.push(entry);
      section.sub = { obj, entry, indent };
      section.last = undefined;
      section.obj.span.end = valueEnd;
      continue;
    }
    const value: VScalar = { kind: 'string', value: text.slice(vs, valueEnd), span: { start: vs, end: valueEnd } };
    const entry: VEntry = { key, keySpan, value, span: { start: first, end: valueEnd } };
    target.obj.entries.push(entry);
    if (section.sub) {
      const o = section.sub.obj;
      if (o.entries.length === 1) o.span.start = first;
      o.span.end = valueEnd;
    }
    section.last = entry;
    section.obj.span.end = valueEnd;
  }
  close();
  return { root, comments, notices };
}
