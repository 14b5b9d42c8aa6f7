/**
 * Baselines: `awsdp scan --write-baseline FILE` records today's findings, `--baseline FILE` reports
 * (and fails on) only the findings not in it and says which entries no longer occur.
 *
 * An entry is keyed on the rule, the file (relative to the scan root, `/`-separated, masked as in
 * reports), the resource the finding is in (CloudFormation logical id, Terraform address) and a
 * hash of the offending code without whitespace — never on line numbers, so blank lines above a
 * finding, a re-indented block or a renamed neighbour do not make it new. Equal keys are counted.
 * The file is sorted JSON, one entry per line, and holds no code or message of the scanned files:
 * only the code's SHA-256 (truncated), and paths masked like every report's.
 */
import { codeFingerprint, type Finding } from '../engine/index';
import { compareStrings } from './report';

export const BASELINE_VERSION = 1;

export interface BaselineKey {
  rule: string;
  file: string;
  resource?: string;
  /** SHA-256 (hex, truncated) of the offending code without whitespace. */
  code: string;
}

export interface BaselineEntry extends BaselineKey {
  /** How many findings share this key (written when more than one). */
  count?: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

/** The key of a finding in a report whose path is `file` (relative to the root). */
export function baselineKey(file: string, f: Finding): BaselineKey {
  // Findings from an engine asked for identities always have one; others (hand-built) fall back
  // to their message, which is already masked.
  const code = f.identity?.code ?? codeFingerprint(`${f.ruleId}\n${f.message}`);
  return f.identity?.resource !== undefined ? { rule: f.ruleId, file, resource: f.identity.resource, code } : { rule: f.ruleId, file, code };
}

/** One string per key: fields joined by a character that cannot occur in any of them. */
export function keyString(k: BaselineKey): string {
  return `${k.rule}\0${k.file}\0${k.resource ?? ''}\0${k.code}`;
}

function compareKeys(a: BaselineKey, b: BaselineKey): number {
  return compareStrings(a.file, b.file) || compareStrings(a.rule, b.rule) || compareStrings(a.resource ?? '', b.resource ?? '') || compareStrings(a.code, b.code);
}

/** Entries for these findings: one per key, sorted, with their count. */
export function buildBaseline(findings: readonly { file: string; finding: Finding }[]): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const { file, finding } of findings) {
    const k = baselineKey(file, finding);
    const s = keyString(k);
    const e = byKey.get(s);
    if (e) e.count = (e.count ?? 1) + 1;
    else byKey.set(s, { ...k });
  }
  return { version: BASELINE_VERSION, entries: [...byKey.values()].sort(compareKeys) };
}

/** Stable text: fixed key order, one entry per line, ending with a newline. */
export function formatBaseline(b: Baseline): string {
  const line = (e: BaselineEntry) =>
    JSON.stringify({ rule: e.rule, file: e.file, ...(e.resource !== undefined ? { resource: e.resource } : {}), code: e.code, ...(e.count && e.count > 1 ? { count: e.count } : {}) });
  const body = b.entries.length ? `[\n${b.entries.map((e) => `    ${line(e)}`).join(',\n')}\n  ]` : '[]';
  return `{\n  "version": ${b.version},\n  "tool": "awsdp",\n  "entries": ${body}\n}\n`;
}

const MAX_ENTRIES = 1_000_000;

/** Parses and validates a baseline file's text; `name` is how messages refer to the file. */
export function parseBaseline(text: string, name: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline ${name} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const d = doc as { version?: unknown; entries?: unknown };
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new BaselineError(`baseline ${name} is not a JSON object (write one with --write-baseline)`);
  if (d.version !== BASELINE_VERSION) throw new BaselineError(`baseline ${name} has version ${JSON.stringify(d.version)}; this awsdp reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(d.entries)) throw new BaselineError(`baseline ${name} has no "entries" array`);
  if (d.entries.length > MAX_ENTRIES) throw new BaselineError(`baseline ${name} has more than ${MAX_ENTRIES} entries`);
  const entries: BaselineEntry[] = d.entries.map((raw: unknown, i: number) => {
    const e = raw as Record<string, unknown>;
    const bad = (what: string) => new BaselineError(`baseline ${name}: entries[${i}] ${what}`);
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw bad('is not an object');
    for (const k of ['rule', 'file', 'code'] as const) if (typeof e[k] !== 'string' || !e[k]) throw bad(`has no "${k}" string`);
    if (e.resource !== undefined && typeof e.resource !== 'string') throw bad('has a "resource" that is not a string');
    if (e.count !== undefined && !(Number.isInteger(e.count) && (e.count as number) >= 1)) throw bad('has a "count" that is not a positive integer');
    const key: BaselineEntry = { rule: e.rule as string, file: e.file as string, code: e.code as string };
    if (e.resource !== undefined) key.resource = e.resource as string;
    if (e.count !== undefined) key.count = e.count as number;
    return key;
  });
  return { version: BASELINE_VERSION, entries };
}

export interface BaselineMatch<T> {
  /** Findings not in the baseline: the ones reported. */
  fresh: T[];
  /** How many findings the baseline accepted. */
  matched: number;
  /** Baseline entries (with the count left over) that no finding matched, among the files in scope. */
  gone: BaselineEntry[];
}

/**
 * Splits findings into new ones and those in the baseline (each entry accepts up to `count`
 * findings of its key). `inScope(file)` says whether a baseline file was scanned this time: an
 * entry for a file outside the scan (another path, not changed since the ref) is not "gone".
 */
export function applyBaseline<T extends { file: string; finding: Finding }>(findings: readonly T[], baseline: Baseline, inScope: (file: string) => boolean): BaselineMatch<T> {
  const left = new Map<string, { entry: BaselineEntry; n: number }>();
  for (const e of baseline.entries) {
    const s = keyString(e);
    const prev = left.get(s);
    if (prev) prev.n += e.count ?? 1;
    else left.set(s, { entry: e, n: e.count ?? 1 });
  }
  const fresh: T[] = [];
  let matched = 0;
  for (const f of findings) {
    const slot = left.get(keyString(baselineKey(f.file, f.finding)));
    if (slot && slot.n > 0) {
      slot.n--;
      matched++;
    } else fresh.push(f);
  }
  const gone: BaselineEntry[] = [];
  for (const { entry, n } of left.values()) {
    if (n > 0 && inScope(entry.file)) {
      const { count: _count, ...key } = entry;
      gone.push(n > 1 ? { ...key, count: n } : key);
    }
  }
  gone.sort(compareKeys);
  return { fresh, matched, gone };
}
