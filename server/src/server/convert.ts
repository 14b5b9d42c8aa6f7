/**
 * The one place that knows both the engine's types and LSP's: findings and notices become
 * diagnostics, fixes become code actions. Pure functions, unit tested on their own.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Fix, Notice, Severity } from '../engine/index';

import { pathToUri } from './paths';

export const SOURCE = 'awsdp';

/** How many config notices (bad suppression comments) become diagnostics at most. */
const MAX_CONFIG_NOTICES = 20;

export function toSeverity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

export function findingToDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: toSeverity(f.severity),
    code: f.ruleId,
    codeDescription: { href: f.docsUrl },
    source: SOURCE,
    message: f.message,
    ...(f.related?.length ? { relatedInformation: f.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message })) } : {}),
  };
}

/** Where a notice about a file with no first line (not parsed) goes. */
const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Notices become diagnostics without a code. Parse errors, limits and internal failures give at
 * most one diagnostic per kind (the editor's JSON/YAML support already reports syntax errors, so
 * ours stay Information); bad suppression comments are reported each where they are.
 */
export function noticesToDiagnostics(notices: readonly Notice[], firstLineRange: Range = START): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byKind = new Map<Notice['kind'], Notice[]>();
  for (const n of notices) {
    let list = byKind.get(n.kind);
    if (!list) byKind.set(n.kind, (list = []));
    list.push(n);
  }
  for (const [kind, list] of byKind) {
    if (kind === 'config') {
      for (const n of list.slice(0, MAX_CONFIG_NOTICES)) {
        out.push({ range: n.range ?? firstLineRange, severity: DiagnosticSeverity.Warning, source: SOURCE, message: n.message });
      }
      continue;
    }
    const n = list[0];
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
    switch (kind) {
      case 'parse-error':
        out.push({ range: n.range ?? firstLineRange, severity: DiagnosticSeverity.Information, source: SOURCE, message: `${n.message}${more}` });
        break;
      case 'limit':
        out.push({ range: firstLineRange, severity: DiagnosticSeverity.Warning, source: SOURCE, message: n.message });
        break;
      default:
        out.push({ range: n.range ?? firstLineRange, severity: DiagnosticSeverity.Warning, source: SOURCE, message: `awsdp internal error: ${n.message}${more}` });
    }
  }
  return out;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Findings a diagnostic (as the client sent it back) stands for: same rule code, same range. */
export function findingsForDiagnostic(findings: readonly Finding[], d: Diagnostic): Finding[] {
  if (d.source !== SOURCE || d.code === undefined || d.code === null) return [];
  const code = String(d.code);
  return findings.filter((f) => f.ruleId === code && rangesEqual(f.range, d.range));
}

/** Where the edits of a fix land: the URI of a file named by the engine; undefined when its analysed text is stale. */
export type FileResolver = (file: string) => string | undefined;

/** A fix as a WorkspaceEdit; undefined when an edit targets a file the analysis did not see. */
export function fixToWorkspaceEdit(fix: Fix, finding: Finding, resolve: FileResolver): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) {
    const uri = resolve(e.file ?? finding.file);
    // The engine gives every edit of a file it analysed a range.
    if (!uri || !e.range) return undefined;
    (changes[uri] ??= []).push({ range: e.range, newText: e.newText });
  }
  return { changes };
}

/** Quick fixes for the diagnostics of a code action request. Each finding's first safe fix is preferred. */
export function codeActionsFor(diagnostics: readonly Diagnostic[], findings: readonly Finding[], resolve: FileResolver): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<Finding>();
  for (const d of diagnostics) {
    for (const f of findingsForDiagnostic(findings, d)) {
      if (seen.has(f)) continue;
      seen.add(f);
      f.fixes.forEach((fix, i) => {
        const edit = fixToWorkspaceEdit(fix, f, resolve);
        if (!edit) return;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.applicability === 'safe' && i === 0,
          edit,
        });
      });
    }
  }
  return actions;
}
