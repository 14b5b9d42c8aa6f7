/**
 * Detectors of identifying data and credentials in free text (DP501, DP502, DP503). Every pattern is
 * linear-time: bounded quantifiers, one character class per run, and lookarounds of one character;
 * user-defined patterns run on RE2 (re2js), which matches in linear time whatever the pattern.
 * Each detector returns the offsets of what it found in the string, a reason, and a masked form
 * of the value: a message never repeats the full value.
 *
 * Placeholders (decided here, documented on the rule pages):
 * - e-mail addresses at the domains reserved for examples (RFC 2606 / RFC 6761: `example.com`,
 *   `example.net`, `example.org`, `*.example`, `*.test`, `*.invalid`, `*.localhost`) cannot reach
 *   anyone: not reported;
 * - AWS's documentation key pair and every key id ending in `EXAMPLE` / secret ending in `EXAMPLEKEY`
 *   (AWS's convention for documentation credentials) is not a credential: not reported by shape
 *   (a literal in a password property is still reported: the property is the evidence there);
 * - account numbers are reported even when they are AWS's documentation accounts (`123456789012`,
 *   `111122223333`): the finding is that a name hard-codes an account, and the fix
 *   (`${AWS::AccountId}`, `data.aws_caller_identity`) is right for a placeholder too.
 */
import { isValidPhoneNumber } from 'libphonenumber-js/min';
import type { UserPattern } from './patterns';
import { mask } from '../../redact';
import { holdsAny, holdsAnyIn, type TextChars } from '../../model/text-scan';

export interface SensitiveHit {
  start: number;
  end: number;
  /** What was found, as a noun phrase: `an e-mail address`. */
  what: string;
  /** The value, masked. */
  masked: string;
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
/**
 * AWS credential ids by their unique-id prefix (IAM User Guide, "Unique identifier prefixes"): `AKIA`
 * access keys, `ASIA` temporary (STS) access keys, `ABIA` STS service bearer tokens, `ACCA`
 * context-specific credentials. The 16 characters after the prefix are base32 (`A-Z`, `2-7`).
 */
const ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
const CARD = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
const ACCOUNT = /(?<![A-Za-z0-9])[0-9]{12}(?![A-Za-z0-9])/g;
const SSN = /(?<![0-9-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![0-9-])/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
/**
 * A phone number in international form: `+`, then 7 to 15 digits (E.164) with single spaces, dashes,
 * dots or one pair of parentheses between groups; libphonenumber's metadata decides whether it is a
 * number of the country's numbering plan. The pattern takes one run of one character class (no
 * nested quantifier: digits split into optional groups backtrack exponentially); the rest is checked
 * in code.
 */
const PHONE = /(?<![A-Za-z0-9+])\+[1-9][0-9 ().-]{5,22}/g;
/**
 * A 40-character string of the AWS secret access key alphabet (base64 without `=`) mixing upper and
 * lower case and digits: SHA-1 and other hex digests are one case, UUIDs and versions have dashes.
 */
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** An ARN anywhere in the string: account numbers in ARNs are where they belong. */
const ARN = /arn:aws[a-z-]{0,12}:/;
/** Domains reserved for documentation and tests (RFC 2606, RFC 6761). */
const EXAMPLE_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

/** Cheap pre-filter: only strings with an `@`, a `+`, a run of digits or an upper-case key prefix can hold anything built in. */
export function mayHoldSensitive(value: string): boolean {
  return value.includes('@') || /[0-9]{3}/.test(value) || /A[KSBC][IC]A/.test(value);
}

/** `jane.doe@example.com` → `j***@e***.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  const dot = email.lastIndexOf('.');
  return `${email.slice(0, 1)}***@${email.slice(at + 1, at + 2)}***${email.slice(dot)}`;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Known issuer ranges (IIN prefixes) with their lengths: Visa, Mastercard, American Express, Discover, JCB, Diners Club. */
function knownIssuer(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n === 14;
  return false;
}

/** Separators, if any, are all the same character and never doubled. */
function consistentSeparators(s: string): boolean {
  const seps = s.replace(/[0-9]/g, '');
  return seps === '' || seps === seps[0].repeat(seps.length);
}

/** IBAN lengths of the countries that issue them most (ISO 13616 registry). */
const IBAN_LENGTH: Record<string, number> = {
  AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GR: 27, HR: 21,
  HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24,
  SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, AE: 23, SA: 24, IL: 23, BR: 29,
};

function ibanValid(compact: string): boolean {
  if (IBAN_LENGTH[compact.slice(0, 2)] !== compact.length) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

const NO_PATTERNS: readonly UserPattern[] = [];

/** Adds a hit that overlaps none found before. At most MAX_HITS per value: a value full of addresses is reported a few times, not thousands (and the overlap test stays cheap). */
function addHit(hits: SensitiveHit[] | undefined, h: SensitiveHit): SensitiveHit[] {
  if (!hits) return [h];
  if (hits.length >= MAX_HITS) return hits;
  for (const x of hits) if (!(h.end <= x.start || h.start >= x.end)) return hits;
  hits.push(h);
  return hits;
}

/** Findings per string, at most. */
const MAX_HITS = 20;
/** Phone-number candidates validated per string, at most. */
const MAX_PHONE_CHECKS = 100;

function* matches(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) yield m;
}

/** AWS's documentation credentials: key ids ending in `EXAMPLE`, secret keys ending in `EXAMPLEKEY`. */
export function isExampleCredential(value: string): boolean {
  return value.endsWith('EXAMPLE') || value.endsWith('EXAMPLEKEY');
}

/** A 12-digit run that reads as a time stamp `yyyyMMddHHmm` (1990-2099): a version or build number, not an account. */
function isTimestamp(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const mo = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  const h = Number(d.slice(8, 10));
  const mi = Number(d.slice(10, 12));
  return y >= 1990 && y <= 2099 && mo >= 1 && mo <= 12 && day >= 1 && day <= 31 && h <= 23 && mi <= 59;
}

function mixedCase(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

/** `+44 20 7946 0958` → `+44 ******* 58`. */
function maskPhone(p: string): string {
  const digits = p.replace(/[^0-9]/g, '');
  return `+${digits.slice(0, 2)} ******* ${digits.slice(-2)}`;
}

/**
 * What the built-in detectors of `sensitiveIn` need, counted over a value or over runs of one (the
 * literal parts of a template): digits, upper-case letters, the longest run of digits, and which of
 * `@`, `+`, `-` occur. No detector can match where `mayMatch()` is false.
 */
export class SensitiveNeeds {
  digits = 0;
  upper = 0;
  longestRun = 0;
  length = 0;
  at = false;
  plus = false;
  dash = false;

  reset(): this {
    this.digits = this.upper = this.longestRun = this.length = 0;
    this.at = this.plus = this.dash = false;
    return this;
  }

  /** Counts `value[from, to)`; a run of digits never continues into the next call's part. */
  count(value: string, from = 0, to = value.length): this {
    let run = 0;
    for (let i = from; i < to; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        this.digits++;
        if (++run > this.longestRun) this.longestRun = run;
      } else {
        run = 0;
        if (c >= 65 && c <= 90) this.upper++;
        else if (c === 64) this.at = true;
        else if (c === 43) this.plus = true;
        else if (c === 45) this.dash = true;
      }
    }
    this.length += to - from;
    return this;
  }

  /**
   * Whether a built-in detector may match what was counted (the conditions `sensitiveIn` runs each
   * pattern under). `length` is the length of the whole value, parts between the counted runs included.
   */
  mayMatch(length = this.length): boolean {
    const { digits, upper } = this;
    return this.at || this.plus || digits >= 13 || (digits >= 9 && this.dash) || (upper >= 2 && digits >= 2 && length >= 15) || this.longestRun >= 12 || length >= 40;
  }
}
/** sensitiveIn's counts (it is not re-entered). */
const NEEDS = new SensitiveNeeds();

/**
 * Identifying data in a name, description or tag value: e-mail addresses, payment card numbers,
 * US social security numbers, IBANs, phone numbers in international form, 12-digit AWS account
 * numbers (only outside ARNs, only as a whole run of exactly 12 digits, not a `yyyyMMddHHmm` time
 * stamp), secret-access-key-shaped strings, and matches of the user's patterns. Hits do not overlap.
 * (AWS access key ids are credentials: DP503 reports them wherever they are written.)
 */
export function sensitiveIn(value: string, user: readonly UserPattern[] = NO_PATTERNS): SensitiveHit[] {
  const builtIn = mayHoldSensitive(value) || value.length >= 40;
  if (!builtIn && !user.length) return [];
  // Made on the first hit: most values hold nothing, and then nothing is allocated.
  let hits: SensitiveHit[] | undefined;
  if (builtIn) {
    // What each pattern needs, counted in one pass: a pattern that cannot match is not run.
    const needs = NEEDS.reset().count(value);
    const { digits, upper, longestRun } = needs;
    if (needs.at) for (const m of matches(EMAIL, value)) {
      if (EXAMPLE_DOMAIN.test(m[0].slice(m[0].indexOf('@') + 1))) continue;
      hits = addHit(hits, { start: m.index, end: m.index + m[0].length, what: 'an e-mail address', masked: maskEmail(m[0]) });
    }
    if (digits >= 13) for (const m of matches(CARD, value)) {
      const d = m[0].replace(/[ -]/g, '');
      if (!consistentSeparators(m[0]) || !knownIssuer(d) || !luhn(d)) continue;
      hits = addHit(hits, { start: m.index, end: m.index + m[0].length, what: 'a payment card number', masked: `${d.slice(0, 4)} **** **** ${d.slice(-4)}` });
    }
    if (digits >= 9 && needs.dash) for (const m of matches(SSN, value)) {
      if (!ssnValid(m[1], m[2], m[3])) continue;
      hits = addHit(hits, { start: m.index, end: m.index + m[0].length, what: 'a US social security number', masked: `***-**-**${m[3].slice(2)}` });
    }
    if (upper >= 2 && digits >= 2 && value.length >= 15) for (const m of matches(IBAN, value)) {
      const compact = m[0].replace(/ /g, '');
      if (!ibanValid(compact)) continue;
      hits = addHit(hits, { start: m.index, end: m.index + m[0].length, what: 'an IBAN', masked: `${compact.slice(0, 2)}** **** ${compact.slice(-2)}` });
    }
    if (needs.plus) {
      let checked = 0;
      for (const m of matches(PHONE, value)) {
        // libphonenumber costs more than a pattern: a value full of candidates is checked for its first ones only.
        if ((hits && hits.length >= MAX_HITS) || ++checked > MAX_PHONE_CHECKS) break;
        // More digits follow: longer than any phone number.
        if (/[0-9]/.test(value.charAt(m.index + m[0].length))) continue;
        let p = m[0];
        // A trailing separator or opening parenthesis is not part of the number.
        while (/[ .(-]$/.test(p)) p = p.slice(0, -1);
        const digits = p.replace(/[^0-9]/g, '').length;
        if (digits < 7 || digits > 15 || /[ .-]{2}|\(\)/.test(p)) continue;
        if ((p.match(/\(/g)?.length ?? 0) > 1 || (p.match(/\(/g)?.length ?? 0) !== (p.match(/\)/g)?.length ?? 0) || !consistentPhoneSeparators(p)) continue;
        if (!isValidPhoneNumber(p)) continue;
        hits = addHit(hits, { start: m.index, end: m.index + p.length, what: 'a phone number', masked: maskPhone(p) });
      }
    }
    if (longestRun >= 12 && !ARN.test(value)) {
      for (const m of matches(ACCOUNT, value)) {
        if (isTimestamp(m[0])) continue;
        hits = addHit(hits, { start: m.index, end: m.index + 12, what: 'an AWS account number', masked: `${m[0].slice(0, 2)}********${m[0].slice(-2)}` });
      }
    }
    if (value.length >= 40) {
      for (const m of matches(SECRET_KEY_SHAPE, value)) {
        if (!mixedCase(m[0]) || isExampleCredential(m[0])) continue;
        hits = addHit(hits, { start: m.index, end: m.index + 40, what: 'a string shaped like an AWS secret access key', masked: mask(m[0]) });
      }
    }
  }
  for (const u of user) {
    const m = u.re.matcher(value);
    let from = 0;
    while ((!hits || hits.length < MAX_HITS) && from <= value.length && m.find(from)) {
      const start = m.start();
      const end = m.end();
      if (end > start) hits = addHit(hits, { start, end, what: u.name, masked: mask(value.slice(start, end)) });
      from = end > start ? end : end + 1;
    }
  }
  return hits ? hits.sort(byStart) : [];
}

const byStart = (a: SensitiveHit, b: SensitiveHit): number => a.start - b.start;

function consistentPhoneSeparators(p: string): boolean {
  const seps = p.replace(/[0-9+()]/g, '');
  return seps === '' || seps === seps[0].repeat(seps.length);
}

// ---------------------------------------------------------------------------------------------
// Credential material anywhere in a file (DP503)

export interface CredentialHit {
  /** Offsets in the text scanned. */
  start: number;
  end: number;
  /** What was found, as a noun phrase: `a private key`. */
  what: string;
  masked: string;
}

/** A PEM private key block header (any key type, encrypted or not) and its footer. */
const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
/** A PuTTY private key file (its private part follows `Private-Lines:`). */
const PUTTY = /PuTTY-User-Key-File-[0-9]:/g;
/** `AWS_SECRET_ACCESS_KEY=...`, `aws_secret_access_key = ...`, `"SecretAccessKey": "..."`: a secret key with its name. */
const NAMED_SECRET_KEY = /(?<![A-Za-z0-9_])(?:aws_?)?secret_?access_?key["']?[ \t]{0,5}[:=][ \t]{0,5}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
/**
 * Token formats whose prefix says what they are (the shapes secret scanners such as gitleaks use):
 * Google API keys, GitHub tokens, GitLab personal access tokens, Slack tokens and incoming-webhook
 * URLs, Stripe live secret keys, npm access tokens. `gate`: literals of which every match holds one
 * (see CREDENTIAL_SCANS).
 */
const TOKENS: { re: RegExp; what: string; gate: readonly string[] }[] = [
  { re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, what: 'a Google API key', gate: ['Iza'] },
  { re: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, what: 'a GitHub token', gate: ['_'] },
  { re: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/g, what: 'a GitHub token', gate: ['_pat_'] },
  { re: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g, what: 'a GitLab access token', gate: ['glpat-'] },
  { re: /(?<![A-Za-z0-9_-])xox[abposr]-[0-9]{10,13}-[0-9A-Za-z-]{10,80}(?![A-Za-z0-9-])/g, what: 'a Slack token', gate: ['xox'] },
  { re: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/]{30,100}/g, what: 'a Slack webhook URL', gate: ['.'] },
  { re: /(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{24,99}(?![A-Za-z0-9_])/g, what: 'a Stripe live secret key', gate: ['_live_'] },
  { re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, what: 'an npm access token', gate: ['_'] },
];

// The pre-filters of `credentialsIn`'s scans of a whole file's text: for each expression, literals of
// which every match holds one (a text without any is not searched with it). Found with holdsAny, a byte
// search for each literal's first character (chosen rare in IaC files): on a large template or policy
// without credentials, about a dozen such searches instead of one expression of 12 case-insensitive
// alternatives read at every character. A test holds each gate to its expression (CREDENTIAL_SCANS).
/** PEM_BEGIN: `…KEY-----` or `…KEY BLOCK-----` (an upper-case Y, as PUTTY's); PEM_END is only read for a header found. */
const PEM_GATE = ['Y-', 'Y '];
const PUTTY_GATE = ['Y-User-Key-File-'];
/** `AKIA`, `ASIA`, `ABIA` or `ACCA`. */
const ACCESS_KEY_GATE = ['IA', 'CCA'];
/** `…key`, any case. */
const NAMED_SECRET_KEY_GATE = ['y', 'Y'];

/** Every expression `credentialsIn` scans a text with, and its gate (for tests). */
export const CREDENTIAL_SCANS: readonly { re: RegExp; gate: readonly string[] }[] = [
  { re: PEM_BEGIN, gate: PEM_GATE },
  { re: PUTTY, gate: PUTTY_GATE },
  { re: ACCESS_KEY, gate: ACCESS_KEY_GATE },
  { re: NAMED_SECRET_KEY, gate: NAMED_SECRET_KEY_GATE },
  ...TOKENS,
];

/** Whether a text may hold credential material: `credentialsIn` finds nothing in a text this is false for. */
export function mayHoldCredential(text: string): boolean {
  return CREDENTIAL_SCANS.some((c) => holdsAny(text, c.gate));
}

/**
 * Credential material in a text (a whole file or one string): private keys (PEM, PuTTY), AWS
 * access key ids, AWS secret access keys written with their name, and tokens of known formats.
 * AWS's documentation credentials (`…EXAMPLE`, `…EXAMPLEKEY`) are left out. `chars`: the text's, when the caller has them.
 */
export function credentialsIn(text: string, chars?: TextChars): CredentialHit[] {
  const hits: CredentialHit[] = [];
  const free = (start: number, end: number) => hits.every((h) => end <= h.start || start >= h.end);
  const add = (h: CredentialHit) => {
    if (hits.length < MAX_HITS && free(h.start, h.end)) hits.push(h);
  };
  // Each expression only where its gate says it may match (the same hits, in the same order).
  if (holdsAnyIn(text, PEM_GATE, chars)) {
    // Footers found once (a file of headers without footers must not be searched to its end per header).
    const footers = [...matches(PEM_END, text)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    let f = 0;
    for (const m of matches(PEM_BEGIN, text)) {
      // The whole block when its footer follows, so that a suppression covers it; else the header.
      while (f < footers.length && footers[f].start < m.index) f++;
      const end = f < footers.length ? footers[f].end : m.index + m[0].length;
      add({ start: m.index, end, what: 'a private key', masked: '-----BEGIN PRIVATE KEY (masked)-----' });
    }
  }
  if (holdsAnyIn(text, PUTTY_GATE, chars)) for (const m of matches(PUTTY, text)) {
    const priv = text.slice(m.index, m.index + 4000).indexOf('Private-Lines:');
    if (priv < 0) continue;
    add({ start: m.index, end: m.index + priv + 'Private-Lines:'.length, what: 'a PuTTY private key', masked: 'PuTTY-User-Key-File (masked)' });
  }
  if (holdsAnyIn(text, ACCESS_KEY_GATE, chars)) for (const m of matches(ACCESS_KEY, text)) {
    if (isExampleCredential(m[0])) continue;
    add({ start: m.index, end: m.index + m[0].length, what: 'an AWS access key id', masked: mask(m[0]) });
  }
  if (holdsAnyIn(text, NAMED_SECRET_KEY_GATE, chars)) for (const m of matches(NAMED_SECRET_KEY, text)) {
    const key = m[1];
    if (!mixedCase(key) || isExampleCredential(key)) continue;
    const start = m.index + m[0].length - key.length;
    add({ start, end: start + key.length, what: 'an AWS secret access key', masked: mask(key) });
  }
  for (const t of TOKENS) if (holdsAnyIn(text, t.gate, chars)) for (const m of matches(t.re, text)) add({ start: m.index, end: m.index + m[0].length, what: t.what, masked: mask(m[0]) });
  return hits.sort((a, b) => a.start - b.start);
}

export interface UrlCredential {
  /** Offsets of the password in the string. */
  start: number;
  end: number;
  user: string;
  password: string;
  /** `password`: `user:password@`; `token`: a token of a known format as the whole user information (`https://ghp_…@github.com`). */
  kind: 'password' | 'token';
}

/** User information that is a token by its format: GitHub (also the classic 40-hex form), GitLab. */
const TOKEN_USERINFO = /^(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|glpat-[A-Za-z0-9_-]{20}|[0-9a-f]{40})$/;

const URL_START = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//g;
/** The authority ends at the first `/`, `?` or `#` (or white space, a quote, a bracket). */
const AUTHORITY_END = /[/?#\s'"<>()[\]\\]/;
/** A password that is not a literal: an interpolation, a dynamic reference, an environment variable, a placeholder. */
const NOT_LITERAL = /\$\{|\{\{|\$\(|^\$[A-Za-z_]|^%[A-Za-z_]|^<.*>$|^\*+$|^[xX.]+$/;

/** Cheap pre-filter for DP502. */
export function mayHoldUrlCredential(value: string): boolean {
  return value.includes('://') && value.includes('@');
}

/**
 * Literal passwords in the user information of URLs (`scheme://user:password@host`). The
 * authority is what follows `//` up to the first `/`, `?` or `#`, so an `@` in a path or query
 * is not user information; `git@host:path` has no `//` and is no URL; a `:` without `@` is a port.
 */
export function urlCredentials(value: string): UrlCredential[] {
  if (!mayHoldUrlCredential(value)) return [];
  const out: UrlCredential[] = [];
  for (const m of matches(URL_START, value)) {
    const from = m.index + m[0].length;
    // `${...}` may hold a `/` of its own: skip over balanced interpolations when looking for the end.
    let end = from;
    let depth = 0;
    while (end < value.length) {
      const c = value[end];
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0 && AUTHORITY_END.test(c)) break;
      end++;
    }
    const authority = value.slice(from, end);
    const at = authority.lastIndexOf('@');
    if (at <= 0 || at === authority.length - 1) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) {
      if (TOKEN_USERINFO.test(userinfo)) out.push({ start: from, end: from + at, user: '', password: userinfo, kind: 'token' });
      continue;
    }
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (!password || NOT_LITERAL.test(password) || NOT_LITERAL.test(user)) continue;
    out.push({ start: from + colon + 1, end: from + at, user, password, kind: 'password' });
  }
  return out;
}
