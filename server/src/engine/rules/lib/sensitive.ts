/**
 * Detectors of identifying data and credentials in free text (DP501, DP502). Every pattern is
 * linear-time: bounded quantifiers, one character class per run, and lookarounds of one character.
 * Each detector returns the offsets of what it found in the string, a reason, and a masked form
 * of the value: a message never repeats the full value.
 */
import { mask } from '../../redact';

export interface SensitiveHit {
  start: number;
  end: number;
  /** What was found, as a noun phrase: `an e-mail address`. */
  what: string;
  /** The value, masked. */
  masked: string;
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
const CARD = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
const ACCOUNT = /(?<![A-Za-z0-9])[0-9]{12}(?![A-Za-z0-9])/g;
const SSN = /(?<![0-9-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![0-9-])/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
/** An ARN anywhere in the string: account numbers in ARNs are where they belong. */
const ARN = /arn:aws[a-z-]{0,12}:/;

/** Cheap pre-filter: only strings with an `@` or a run of digits or an upper-case key prefix can hold anything. */
export function mayHoldSensitive(value: string): boolean {
  return value.includes('@') || /[0-9]{3}/.test(value) || /A[KS]IA/.test(value);
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

/** Findings per string, at most. */
const MAX_HITS = 20;

function* matches(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) yield m;
}

/**
 * Identifying data in a name, description or tag value: e-mail addresses, AWS access key ids,
 * payment card numbers, US social security numbers, IBANs and 12-digit AWS account numbers
 * (only outside ARNs, and only as a whole run of exactly 12 digits). Hits do not overlap.
 */
export function sensitiveIn(value: string): SensitiveHit[] {
  if (!mayHoldSensitive(value)) return [];
  const hits: SensitiveHit[] = [];
  const free = (start: number, end: number) => hits.every((h) => end <= h.start || start >= h.end);
  // At most MAX_HITS per value: a value full of addresses is reported a few times, not thousands (and the overlap test stays cheap).
  const add = (h: SensitiveHit) => {
    if (hits.length < MAX_HITS && free(h.start, h.end)) hits.push(h);
  };
  for (const m of matches(EMAIL, value)) add({ start: m.index, end: m.index + m[0].length, what: 'an e-mail address', masked: maskEmail(m[0]) });
  for (const m of matches(ACCESS_KEY, value)) add({ start: m.index, end: m.index + m[0].length, what: 'an AWS access key id', masked: mask(m[0]) });
  for (const m of matches(CARD, value)) {
    const d = m[0].replace(/[ -]/g, '');
    if (!consistentSeparators(m[0]) || !knownIssuer(d) || !luhn(d)) continue;
    add({ start: m.index, end: m.index + m[0].length, what: 'a payment card number', masked: `${d.slice(0, 4)} **** **** ${d.slice(-4)}` });
  }
  for (const m of matches(SSN, value)) {
    if (!ssnValid(m[1], m[2], m[3])) continue;
    add({ start: m.index, end: m.index + m[0].length, what: 'a US social security number', masked: `***-**-**${m[3].slice(2)}` });
  }
  for (const m of matches(IBAN, value)) {
    const compact = m[0].replace(/ /g, '');
    if (!ibanValid(compact)) continue;
    add({ start: m.index, end: m.index + m[0].length, what: 'an IBAN', masked: `${compact.slice(0, 2)}** **** ${compact.slice(-2)}` });
  }
  if (!ARN.test(value)) {
    for (const m of matches(ACCOUNT, value)) {
      add({ start: m.index, end: m.index + 12, what: 'an AWS account number', masked: `${m[0].slice(0, 2)}********${m[0].slice(-2)}` });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

export interface UrlCredential {
  /** Offsets of the password in the string. */
  start: number;
  end: number;
  user: string;
  password: string;
}

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
    if (colon < 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (!password || NOT_LITERAL.test(password) || NOT_LITERAL.test(user)) continue;
    out.push({ start: from + colon + 1, end: from + at, user, password });
  }
  return out;
}
