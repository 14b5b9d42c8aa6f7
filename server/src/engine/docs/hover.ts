/**
 * Hover documentation: what an IAM condition key (`aws:SecureTransport`, `aws:MultiFactorAuthPresent`,
 * `s3:TlsVersion`, …) or a TLS security policy name (`ELBSecurityPolicy-2016-08`, `TLSv1.2_2021`)
 * means and what AWS recommends. The text is data (condition-keys.json, rules/data/tls-policies.json);
 * front ends ask `hoverAt(text, offset)` and show the Markdown.
 */
import keys from './condition-keys.json';
import tls from '../rules/data/tls-policies.json';
import type { Span } from '../types';

export interface HoverDoc {
  /** The token the documentation is about. */
  span: Span;
  /** Markdown. */
  markdown: string;
}

interface KeyDoc {
  type: string;
  meaning: string;
  recommendation: string;
  url: string;
}

const KEY_DOCS = new Map<string, { name: string; doc: KeyDoc }>();
for (const [name, doc] of Object.entries(keys.keys as Record<string, KeyDoc>)) KEY_DOCS.set(name.toLowerCase(), { name, doc });

const VERSION_NAME: Record<string, string> = { SSLv3: 'SSL 3.0', '1.0': 'TLS 1.0', '1.1': 'TLS 1.1', '1.2': 'TLS 1.2', '1.3': 'TLS 1.3' };
const ORDER: Record<string, number> = { SSLv3: 0, '1.0': 1, '1.1': 2, '1.2': 3, '1.3': 4 };

interface ServiceTable {
  what: string;
  default?: string;
  recommended: string;
  policies: Record<string, string>;
}
const SERVICES = tls.services as unknown as Record<string, ServiceTable>;

/** Characters of a condition key or a policy name. */
const TOKEN_CHAR = /[A-Za-z0-9:_.\-]/;
/** No token is longer than this (a minified file's line is not walked to its end). */
const MAX_TOKEN = 128;

/** The token around `offset`: a run of key/policy characters (without a trailing dot). */
export function tokenAt(text: string, offset: number): Span | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  let start = offset;
  let end = offset;
  while (start > 0 && offset - start < MAX_TOKEN && TOKEN_CHAR.test(text[start - 1])) start--;
  while (end < text.length && end - offset < MAX_TOKEN && TOKEN_CHAR.test(text[end])) end++;
  while (end > start && (text[end - 1] === '.' || text[end - 1] === ':')) end--;
  return end > start ? { start, end } : undefined;
}

/** Documentation of an IAM condition key (case-insensitive, as IAM matches key names). */
export function conditionKeyDoc(key: string): string | undefined {
  const hit = KEY_DOCS.get(key.toLowerCase());
  if (!hit) return undefined;
  const { name, doc } = hit;
  return [`**${name}** — IAM condition key (${doc.type})`, '', doc.meaning, '', `**AWS recommends:** ${doc.recommendation}`, '', `[AWS documentation](${doc.url})`].join('\n');
}

/** Documentation of a TLS security policy name, for every service whose table lists it. */
export function tlsPolicyDoc(name: string): string | undefined {
  const parts: string[] = [];
  for (const s of Object.values(SERVICES)) {
    if (!Object.prototype.hasOwnProperty.call(s.policies, name)) continue;
    const min = s.policies[name];
    const ok = ORDER[min] >= ORDER['1.2'];
    const lines = [`${s.what}: accepts **${VERSION_NAME[min] ?? min}** and later.`];
    if (!ok) lines.push(`Below the TLS 1.2 minimum AWS requires: AWS recommends **${s.recommended}**.`);
    else if (name !== s.recommended) lines.push(`Meets the TLS 1.2 minimum; AWS's current recommendation is ${s.recommended}.`);
    else lines.push(`This is AWS's current recommendation.`);
    if (s.default === name) lines.push(`AWS applies this policy when none is set.`);
    parts.push(lines.join(' '));
  }
  if (!parts.length) return undefined;
  return [`**${name}** — TLS security policy`, '', ...parts.flatMap((p) => [p, '']), 'Minimum versions from the awsdp TLS policy table (AWS documentation and API models).'].join('\n').trimEnd();
}

/** Hover documentation for the token at `offset` of `text`, if it is a condition key or a TLS policy name. */
export function hoverAt(text: string, offset: number): HoverDoc | undefined {
  const span = tokenAt(text, offset);
  if (!span) return undefined;
  const word = text.slice(span.start, span.end);
  const markdown = conditionKeyDoc(word) ?? tlsPolicyDoc(word);
  return markdown ? { span, markdown } : undefined;
}
