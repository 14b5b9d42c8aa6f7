/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, the SARIF viewer).
 * Paths are relative to `%SRCROOT%` (the scanned root); regions are 1-based with columns in
 * UTF-16 code units (declared with `columnKind`), end column just after the last character.
 */
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
// node:crypto (with node:stream) is required where it is used: loaded at the top, it costs every command, `awsdp --version` included, several ms.
import type * as NodeCrypto from 'node:crypto';
import { baselineKey, keyString } from './baseline';
import { containsSecret, docsUrl, type FileResult, type Fix, type RuleMeta, type Severity } from '../engine/index';
import { collectFindings, collectNotices, reportPath, toLocation, type IoError } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/awsdp/aws-data-protection';
const SRCROOT = '%SRCROOT%';
/** The partialFingerprints key: versioned, so that a change of scheme is a new key, not a silent mismatch. */
export const FINGERPRINT_KEY = 'awsdpFindingHash/v1';
export const AUTOMATION_ID = 'awsdp/';

export interface SarifOptions {
  /** Tool version (package.json). */
  version: string;
  /** The full rule catalogue, listed in `tool.driver.rules` whether or not a rule fired. */
  rules: readonly RuleMeta[];
  ioErrors?: readonly IoError[];
  /** With --baseline: results are the new findings (baselineState "new"); the counts go in the run's properties. */
  baseline?: { matched: number; gone: readonly unknown[] };
  /** Files a limit stopped: their notifications are errors and the run not successful, unless allowIncomplete (--allow-incomplete). */
  incomplete?: readonly string[];
  allowIncomplete?: boolean;
  /** `runAutomationDetails.id` (GitHub's category is the part before the last `/`). */
  automationId?: string;
}

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security alerts by this CVSS-like score. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function toUri(rel: string): string {
  return rel
    .split('/')
    .map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s)))
    .join('/');
}

/** Markdown without its fenced code blocks (an unclosed fence is kept, as written). Linear. */
function withoutCodeBlocks(markdown: string): string {
  const parts = markdown.split('```');
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    out += parts[i];
    // parts[i + 1] is a fenced block when a closing fence follows it.
    if (i + 1 < parts.length && i + 2 >= parts.length) out += '```' + parts[i + 1];
  }
  return out;
}

/** Plain text of rule docs. Every pattern is linear (bounded link parts), whatever the text. */
export function plainText(markdown: string): string {
  return withoutCodeBlocks(markdown)
    .replace(/\[([^\][\r\n]{0,300})\]\([^()\s]{0,1000}\)/g, '$1')
    .replace(/`|\*\*|__/g, '') // code and strong marks only: `s3:*` and `aws_s3_bucket` stay intact
    .replace(/\s+/g, ' ')
    .trim();
}

export function sarifRule(meta: RuleMeta): sarif.ReportingDescriptor {
  const url = docsUrl(meta);
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.summary },
    fullDescription: { text: plainText(meta.description) || meta.summary, markdown: meta.description || meta.summary },
    helpUri: url,
    help: { text: `${meta.summary} See ${url}`, markdown: `${meta.description || meta.summary}\n\n[${meta.id} documentation](${url})` },
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: {
      category: meta.category,
      tags: ['security', 'data-protection', meta.category],
      'security-severity': SECURITY_SEVERITY[meta.defaultSeverity],
      fix: meta.fix,
      formats: [...meta.formats],
    },
  };
}

function sarifFix(fix: Fix, findingFile: string, root: string): sarif.Fix {
  const byFile = new Map<string, sarif.Replacement[]>();
  for (const e of fix.edits) {
    const file = e.file ?? findingFile;
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push({ deletedRegion: { charOffset: e.span.start, charLength: e.span.end - e.span.start }, insertedContent: { text: e.newText } });
  }
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, replacements]) => ({
      artifactLocation: { uri: toUri(reportPath(root, file)), uriBaseId: SRCROOT },
      replacements,
    })),
    properties: { applicability: fix.applicability },
  };
}

/** The SARIF results, one at a time (sarifChunks streams them; buildSarif collects them). */
function* sarifResults(results: readonly FileResult[], root: string, opts: SarifOptions): Generator<sarif.Result> {
  const index = new Map(opts.rules.map((r, i) => [r.id, i]));
  // Findings with the same identity in a file (same rule, resource and code) are told apart by
  // their order: the fingerprint holds the occurrence number.
  const seen = new Map<string, number>();
  for (const { file, finding: f, line, column, endLine, endColumn, related } of collectFindings(results, root)) {
    const key = keyString(baselineKey(file, f));
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const r: sarif.Result = {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(file), uriBaseId: SRCROOT },
            region: { startLine: line, startColumn: column, endLine, endColumn },
          },
        },
      ],
      ...(related
        ? {
            relatedLocations: related.map((x, id) => ({
              id,
              physicalLocation: {
                artifactLocation: { uri: toUri(x.file), uriBaseId: SRCROOT },
                region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
              },
              message: { text: x.message },
            })),
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: (require('node:crypto') as typeof NodeCrypto).createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32) },
      ...(opts.baseline ? { baselineState: 'new' as const } : {}),
      properties: { category: f.category, ruleName: f.ruleName },
    };
    // A fix that would write a credential-shaped value (copied from the file) is left out of the report.
    const fixes = f.fixes.filter((x) => !x.edits.some((e) => containsSecret(e.newText)));
    if (fixes.length) r.fixes = fixes.map((x) => sarifFix(x, f.file, root));
    yield r;
  }
}

export function buildSarif(results: readonly FileResult[], root: string, opts: SarifOptions): sarif.Log {
  return sarifLog(results, root, opts, [...sarifResults(results, root, opts)]);
}

/** The log around `results`. */
function sarifLog(results: readonly FileResult[], root: string, opts: SarifOptions, sarifResults: sarif.Result[]): sarif.Log {

  const notifications: sarif.Notification[] = collectNotices(results, root).map(({ file, notice }) => ({
    // A limit that stopped the analysis is an error of the run unless --allow-incomplete accepts it.
    level: notice.kind === 'internal' || (notice.kind === 'limit' && !opts.allowIncomplete) ? 'error' : 'warning',
    message: { text: notice.message },
    descriptor: { id: notice.kind },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(file), uriBaseId: SRCROOT },
          ...(notice.range ? { region: regionOf(notice.range) } : {}),
        },
      },
    ],
  }));
  for (const e of opts.ioErrors ?? []) {
    notifications.push({
      level: 'error',
      message: { text: `cannot read: ${e.reason}` },
      descriptor: { id: 'io-error' },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(reportPath(root, e.file)), uriBaseId: SRCROOT } } }],
    });
  }

  const rootUri = pathToFileURL(root).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'awsdp',
            fullName: 'AWS Data Protection Linter',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: INFORMATION_URI,
            rules: opts.rules.map(sarifRule),
          },
        },
        automationDetails: { id: opts.automationId ?? AUTOMATION_ID },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        // Not successful: a file could not be read, its analysis failed, or a limit stopped it (unless accepted).
        invocations: [{ executionSuccessful: !(opts.ioErrors?.length || results.some((r) => r.notices.some((n) => n.kind === 'internal')) || (opts.incomplete?.length && !opts.allowIncomplete)), toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
        ...(opts.baseline ? { properties: { baseline: { matched: opts.baseline.matched, gone: opts.baseline.gone.length } } } : {}),
      },
    ],
  };
}

function regionOf(range: Parameters<typeof toLocation>[0]): sarif.Region {
  const l = toLocation(range);
  return { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn };
}

export function formatSarif(results: readonly FileResult[], root: string, opts: SarifOptions): string {
  return `${JSON.stringify(buildSarif(results, root, opts), null, 2)}\n`;
}

/** A string that cannot occur in a report (JSON escapes control characters). */
const RESULTS_MARK = '\u0000results\u0000';

/**
 * formatSarif's text, the same bytes, in pieces: the log around the results, then each result as it
 * is built. A 20,000-file scan never holds the whole report or every result object at once.
 */
export function* sarifChunks(results: readonly FileResult[], root: string, opts: SarifOptions): Generator<string> {
  const skeleton = JSON.stringify(sarifLog(results, root, opts, [RESULTS_MARK as unknown as sarif.Result]), null, 2);
  const mark = JSON.stringify(RESULTS_MARK);
  const at = skeleton.indexOf(mark);
  const lineStart = skeleton.lastIndexOf('\n', at) + 1;
  const indent = skeleton.slice(lineStart, at);
  let first = true;
  for (const r of sarifResults(results, root, opts)) {
    const text = indent + JSON.stringify(r, null, 2).replaceAll('\n', `\n${indent}`);
    yield first ? skeleton.slice(0, lineStart) + text : `,\n${text}`;
    first = false;
  }
  if (first) {
    // No result: `"results": []`, as JSON.stringify writes an empty array.
    const open = skeleton.lastIndexOf('[', lineStart);
    const close = skeleton.indexOf(']', at);
    yield `${skeleton.slice(0, open)}[]${skeleton.slice(close + 1)}\n`;
    return;
  }
  yield `${skeleton.slice(at + mark.length)}\n`;
}
