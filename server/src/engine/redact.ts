/**
 * Secrets stay secret: what awsdp writes about a file (finding messages, notices, logs) never
 * quotes more than a short token of it, and values that look like credentials are masked
 * wherever they turn up. Every function here runs in linear time on any input: the patterns use
 * bounded quantifiers or a single character class per run, so no input can make them backtrack.
 */

/** Messages longer than this are cut (after masking, so no secret is cut into an unmasked piece). */
export const MAX_MESSAGE_LENGTH = 500;

/** At most this many leading characters of a masked value are shown (and never more than a quarter). */
const MASK_KEEP = 4;

/**
 * Masks a value: at most its first quarter (and at most 4 characters) is kept, the rest becomes
 * `*` (3 to 8 of them: the length is not given away either). `mask('AKIAIOSFODNN7EXAMPLE')` is
 * `AKIA********`; values of 3 characters or fewer become `***`.
 */
export function mask(value: string): string {
  const keep = Math.min(MASK_KEEP, Math.floor(value.length / 4));
  // Whole code points only: a surrogate pair is never cut in half.
  const head = Array.from(value.slice(0, 2 * MASK_KEEP)).slice(0, keep).join('').slice(0, keep);
  return head + '*'.repeat(Math.max(3, Math.min(8, value.length - head.length)));
}

/** Looks like a code token worth quoting in a message: an identifier, a key, a tag, a type name. */
const CODE_TOKEN = /^[!&*$@]?[A-Za-z_][A-Za-z0-9_.:/-]{0,23}$/;
const PUNCTUATION_ONLY = /^[^\p{L}\p{N}]{1,12}$/u;

/**
 * Quotes a piece of the user's file for a message, e.g. `unexpected '}'`. Only short code tokens
 * (punctuation, identifiers and keywords of at most 24 characters that do not look like a
 * credential) are shown as written; anything else is masked. Only the first token of the first
 * line is considered; a longer piece ends with `…`. Returns the token in single quotes.
 */
export function quoteSource(piece: string): string {
  let s = piece;
  const nl = s.search(/[\r\n]/);
  if (nl >= 0) s = s.slice(0, nl);
  s = s.trim();
  if (s.length > 256) s = s.slice(0, 256);
  const space = s.search(/\s/);
  const token = space >= 0 ? s.slice(0, space) : s;
  const more = space >= 0 || piece.length > s.length ? '…' : '';
  if (!token) return "''";
  const safe = (PUNCTUATION_ONLY.test(token) && !/[\0-\x1f\x7f]/.test(token)) || (CODE_TOKEN.test(token) && !looksLikeSecret(token));
  return `'${safe ? token : mask(token)}${more}'`;
}

/**
 * Credential shapes, each applied with a global, linear-time pattern. A match is replaced by
 * `mask()` of the part that is secret.
 */
const SECRET_PATTERNS: { re: RegExp; mask: (m: string, ...groups: string[]) => string; needs?: string; skip?: (f: TextFacts) => boolean }[] = [
  // AWS access key ids (long-term, temporary and other unique-id prefixes).
  { re: /(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}/g, mask: (m) => mask(m), skip: (f) => f.longestRun < 20 },
  // Credentials in URLs: scheme://user:password@host
  {
    re: /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/)([^\s/?#@'"<>]{1,256})@/g,
    mask: (_m, scheme: string, userinfo: string) => `${scheme}${mask(userinfo)}@`,
    needs: '@',
  },
  // E-mail addresses.
  // (Each pattern starts only where its first run starts: the lookbehinds keep the work per character constant.)
  { re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g, mask: (m) => mask(m), needs: '@' },
  // Card and other long numbers: 13 to 19 digits, spaces or dashes between them allowed.
  { re: /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g, mask: (m) => mask(m), skip: (f) => f.digits < 13 },
  // Assignments to secret-sounding names: password=..., "api_key": "...".
  {
    re: /(pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)(["']?[ \t]{0,5}[:=][ \t]{0,5}["']?)([^\s"',;}]{1,256})/gi,
    mask: (_m, name: string, sep: string, value: string) => `${name}${sep}${mask(value)}`,
  },
  // Long base64/hex runs mixing letters and digits: secret access keys, tokens, key material.
  { re: /[A-Za-z0-9/+=]{32,}/g, mask: (m) => (isHighEntropy(m) ? mask(m) : m), skip: (f) => f.longestRun < 32 },
  // PEM private keys: the header says what follows.
  { re: /-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----/g, mask: () => '-----BEGIN PRIVATE KEY (masked)-----', needs: '-----BEGIN ' },
];

function isHighEntropy(s: string): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
  }
  return digit && ((upper && lower) || ((upper || lower) && s.length >= 40));
}

/** What a pattern needs to match at all, counted in one pass (masking only shortens runs and removes digits). */
interface TextFacts {
  /** The longest run of `[A-Za-z0-9/+=]` (access key ids are 20 of them, base64 runs 32). */
  longestRun: number;
  /** How many digits (a card number has 13 or more). */
  digits: number;
}

function textFacts(text: string): TextFacts {
  let run = 0;
  let longestRun = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit) digits++;
    if (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 43 || c === 61) {
      if (++run > longestRun) longestRun = run;
    } else run = 0;
  }
  return { longestRun, digits };
}

/** Masks every credential-shaped value in `text` (see SECRET_PATTERNS). Linear time. */
export function redactSecrets(text: string): string {
  let out = text;
  const facts = textFacts(text);
  for (const p of SECRET_PATTERNS) {
    // A pattern is not run on a text it cannot match: one without `needs` (messages are masked one by
    // one, thousands per large file), or whose facts rule it out.
    if ((p.needs && !out.includes(p.needs)) || p.skip?.(facts)) continue;
    p.re.lastIndex = 0;
    out = out.replace(p.re, p.mask as (m: string, ...rest: unknown[]) => string);
  }
  return out;
}

/** Whether `text` holds something credential-shaped (what `redactSecrets` would mask). */
export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}

/** `.ext` (1–10 letters or digits) at the end of a file name, or ''. */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot - 1 > 10 || name.length - dot - 1 < 1) return '';
  for (let i = dot + 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return '';
  }
  return name.slice(dot);
}

/**
 * A file path as awsdp prints it (reports, messages, logs): a directory or file name that holds
 * something credential-shaped is masked as messages are (`redactSecrets`), keeping what locates the
 * file — the other names, the masked name's first characters and its extensions (`.tf.json`).
 * Paths without such text are returned unchanged.
 */
export function maskPath(p: string): string {
  if (!containsSecret(p)) return p;
  const parts = p.split(/([\\/])/);
  for (let i = 0; i < parts.length; i += 2) {
    const name = parts[i];
    if (!containsSecret(name)) continue;
    const last = extensionOf(name);
    const ext = last ? extensionOf(name.slice(0, name.length - last.length)) + last : '';
    const stem = name.slice(0, name.length - ext.length);
    parts[i] = containsSecret(stem) ? redactSecrets(stem) + ext : redactSecrets(name);
  }
  return parts.join('');
}

/** A short token that still looks like a credential: a key id, or letters and digits with no separator. */
function looksLikeSecret(token: string): boolean {
  if (containsSecret(token)) return true;
  const core = token.replace(/^[!&*$@]/, '');
  return core.length >= 16 && !/[_.:/-]/.test(core) && /[0-9]/.test(core) && /[A-Za-z]/.test(core);
}

/** C0/C1 controls except tab and line breaks, and bidirectional overrides (terminal and display tricks). */
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The form in which any message about a user's file leaves the engine: credentials masked,
 * control characters (terminal escapes) replaced, one line, at most MAX_MESSAGE_LENGTH characters.
 */
export function sanitizeMessage(message: string): string {
  return isPlainMessage(message) ? message : sanitizeFully(message);
}

/**
 * What every credential shape of SECRET_PATTERNS needs besides long runs, digits and `@` (which
 * `isPlainMessage` counts): the assignment pattern's names, matched loosely (a superset of what it matches).
 */
const SECRET_NAME_HINT = /pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i;

/**
 * Whether `sanitizeMessage` would return `message` unchanged, decided in one pass over it (rules
 * report thousands of messages per large file, nearly all plain sentences naming resources): no
 * control, bidirectional or line-break character, at most MAX_MESSAGE_LENGTH characters, and
 * nothing any credential pattern needs (a run of 20 key characters, 13 digits, `@`, a PEM header,
 * a secret-sounding name). Conservative: a message it rejects goes through the full masking.
 *
 * The pass also notes what the two searches after it need, so that most messages skip them: five
 * dashes in a row (a PEM header), and one of the letter triples `pas`, `pwd`, `cre`, `tok`, `key`
 * in any case (every name SECRET_NAME_HINT matches holds one: pass, pwd, secret and credential,
 * token, and the `…key` names; its case-insensitive matching folds ASCII letters only).
 */
export function isPlainMessage(message: string): boolean {
  if (message.length > MAX_MESSAGE_LENGTH) return false;
  return plainEnd(message, scanPlain(message));
}

/**
 * The pass of `isPlainMessage` over `text` (any piece of a message): NOT_PLAIN when it already
 * decides that the message is not plain, else how many digits it holds (below 13), with HINT set
 * when a letter triple of SECRET_NAME_HINT's names occurs, and PEM when five dashes in a row do.
 */
function scanPlain(text: string): number {
  const n = text.length;
  let run = 0;
  let digits = 0;
  let dashes = 0;
  let pem = false;
  let hint = false;
  // The two characters before this one, lower-cased when letters (0 otherwise).
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? CHAR_KIND[c] : (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ? UNSAFE : OTHER;
    if (kind === LETTER) {
      if (++run >= 20) return NOT_PLAIN;
      const l = c | 32;
      if (
        !hint &&
        ((l === 115 && p1 === 97 && p2 === 112) || // pas
          (l === 100 && p1 === 119 && p2 === 112) || // pwd
          (l === 101 && p1 === 114 && p2 === 99) || // cre
          (l === 107 && p1 === 111 && p2 === 116) || // tok
          (l === 121 && p1 === 101 && p2 === 107)) // key
      )
        hint = true;
      p2 = p1;
      p1 = l;
      dashes = 0;
      continue;
    }
    p2 = p1;
    p1 = 0;
    if (kind === OTHER) {
      run = 0;
      dashes = 0;
    } else if (kind === DIGIT) {
      if (++digits >= 13 || ++run >= 20) return NOT_PLAIN;
      dashes = 0;
    } else if (kind === KEY_SIGN) {
      if (++run >= 20) return NOT_PLAIN;
      dashes = 0;
    } else if (kind === DASH) {
      run = 0;
      if (++dashes >= 5) pem = true;
    } else return NOT_PLAIN;
  }
  return digits | (hint ? HINT : 0) | (pem ? PEM : 0);
}

/** What scanPlain found, over a whole message: NOT_PLAIN, 13 digits or more, or a search after it that matches. */
function plainEnd(message: string, facts: number): boolean {
  if (facts === NOT_PLAIN || (facts & DIGITS) >= 13) return false;
  return !(facts & PEM && message.includes('-----BEGIN ')) && !(facts & HINT && SECRET_NAME_HINT.test(message));
}

// scanPlain's answer: the digit count in the low bits, two flags above it; -1 when not plain.
const NOT_PLAIN = -1;
const DIGITS = 0xff;
const HINT = 0x100;
const PEM = 0x200;

/**
 * A message written as a template literal tagged with `sentence` (rules' messages naming resources,
 * thousands per large file): its text, and what `isPlainMessage` needs of it, found with a pass over
 * the inserted values only. The template's fixed parts are looked at once per template.
 */
export class Sentence {
  constructor(
    readonly text: string,
    /** isPlainMessage(text), or undefined when the pass must go over the whole text. */
    readonly plain: boolean | undefined,
  ) {}

  toString(): string {
    return this.text;
  }
}

/**
 * What scanPlain finds in the fixed parts of a template, summed (NOT_PLAIN if one is not plain);
 * undefined when a value is inserted next to a character that continues what scanPlain counts (a
 * letter, digit, `/`, `+`, `=`, `-`, a control character): the passes over the pieces then do not
 * add up to the pass over the whole text. Looked at once per template.
 */
// (A template literal's parts are one object per call site for the life of the program; a weak map
// all the same, for callers that make arrays of parts themselves.)
const templateFacts = new WeakMap<TemplateStringsArray, number>();
/** What templateFacts holds for a template whose values are not between separators. */
const UNSEPARATED = -2;

function factsOf(parts: TemplateStringsArray): number | undefined {
  const kept = templateFacts.get(parts);
  if (kept !== undefined) return kept === UNSEPARATED ? undefined : kept;
  let t: number | undefined = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    // A value before this part (i > 0) must be followed by a separator; a value after it (i < last), preceded by one.
    // (An empty part: the text's start or end, fine; between two values, no separator.)
    if ((i > 0 && p.length > 0 && !separates(p.charCodeAt(0))) || (i < parts.length - 1 && (i > 0 || p.length > 0) && !separates(p.charCodeAt(p.length - 1)))) {
      t = undefined;
      break;
    }
    t = addFacts(t, scanPlain(p));
  }
  templateFacts.set(parts, t ?? UNSEPARATED);
  return t;
}

/**
 * Whether scanPlain's state after this character is its state at the start of a text: a character
 * that ends a run of key characters and of dashes, and is no letter (a triple of letters cannot
 * cross it).
 */
function separates(c: number): boolean {
  if (Number.isNaN(c)) return false;
  return c < 128 ? CHAR_KIND[c] === OTHER : !((c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
}

function addFacts(a: number, b: number): number {
  if (a === NOT_PLAIN || b === NOT_PLAIN) return NOT_PLAIN;
  const digits = (a & DIGITS) + (b & DIGITS);
  return digits >= 13 ? NOT_PLAIN : digits | ((a | b) & (HINT | PEM));
}

/**
 * Tags a rule's message template (sentence`… its bucket policy ${id} does not deny …`). The text is
 * the template literal's, and the engine masks it as any message (the same result as
 * sanitizeMessage); but when every inserted value sits between separators (spaces, punctuation),
 * deciding that it needs no masking takes a pass over the values only.
 */
export function sentence(parts: TemplateStringsArray, a?: string | number, b?: string | number, c?: string | number, d?: string | number): Sentence {
  // Up to four values, as parameters (no list made per message); a template with more does not type-check.
  const n = parts.length - 1;
  if (n > 4) throw new Error('sentence: at most four values');
  const va = String(a);
  let text = n > 0 ? parts[0] + va + parts[1] : parts[0];
  const vb = n > 1 ? String(b) : '';
  if (n > 1) text += vb + parts[2];
  const vc = n > 2 ? String(c) : '';
  if (n > 2) text += vc + parts[3];
  const vd = n > 3 ? String(d) : '';
  if (n > 3) text += vd + parts[4];
  const t = factsOf(parts);
  if (t === undefined) return new Sentence(text, undefined);
  if (text.length > MAX_MESSAGE_LENGTH) return new Sentence(text, false);
  let facts = t;
  if (n > 0) facts = addFacts(facts, scanPlain(va));
  if (n > 1) facts = addFacts(facts, scanPlain(vb));
  if (n > 2) facts = addFacts(facts, scanPlain(vc));
  if (n > 3) facts = addFacts(facts, scanPlain(vd));
  return new Sentence(text, plainEnd(text, facts));
}

// What isPlainMessage makes of each ASCII character (others: OTHER, or UNSAFE for C1 controls and bidirectional overrides).
/** Ends a run of key characters. */
const OTHER = 0;
const DIGIT = 1;
const LETTER = 2;
/** `/`, `+`, `=`: part of a run of key characters (base64). */
const KEY_SIGN = 3;
/** A control character (tab aside), a line break, `@`, DEL: the message goes through the full masking. */
const UNSAFE = 4;
/** `-`: five in a row may start a PEM header. */
const DASH = 5;
const CHAR_KIND = new Uint8Array(128);
for (let c = 0; c < 32; c++) CHAR_KIND[c] = c === 9 ? OTHER : UNSAFE;
for (let c = 48; c <= 57; c++) CHAR_KIND[c] = DIGIT;
for (let c = 65; c <= 90; c++) CHAR_KIND[c] = CHAR_KIND[c + 32] = LETTER;
CHAR_KIND[47] = CHAR_KIND[43] = CHAR_KIND[61] = KEY_SIGN;
CHAR_KIND[64] = CHAR_KIND[127] = UNSAFE;
CHAR_KIND[45] = DASH;

/** sanitizeMessage without the shortcut for plain messages (tests compare the two). */
export function sanitizeFully(message: string): string {
  // Masking first (it is linear on any length), then cutting: no secret is cut into an unmasked piece.
  let s = redactSecrets(message).replace(CONTROL, '\ufffd');
  s = s.replace(/[\r\n]+/g, ' ');
  if (s.length > MAX_MESSAGE_LENGTH) {
    let end = MAX_MESSAGE_LENGTH - 1;
    if (s.charCodeAt(end - 1) >= 0xd800 && s.charCodeAt(end - 1) <= 0xdbff) end--; // not half a surrogate pair
    s = s.slice(0, end) + '…';
  }
  return s;
}
