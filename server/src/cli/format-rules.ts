/** `awsdp rules`: the rule catalogue as a text table, JSON or a Markdown table. */
import { docsUrl, type RuleMeta } from '../engine/index';

export type RulesFormat = 'text' | 'json' | 'markdown';

export interface RuleSummary {
  id: string;
  name: string;
  category: string;
  severity: string;
  fix: string;
  formats: string[];
  summary: string;
  docsUrl: string;
}

export function summarizeRule(m: RuleMeta): RuleSummary {
  return {
    id: m.id,
    name: m.name,
    category: m.category,
    severity: m.defaultSeverity,
    fix: m.fix,
    formats: [...m.formats],
    summary: m.summary,
    docsUrl: docsUrl(m),
  };
}

export function formatRulesJson(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify({ version: 1, rules: rules.map(summarizeRule) }, null, 2)}\n`;
}

export function formatRulesText(rules: readonly RuleMeta[]): string {
  if (!rules.length) return 'No rules registered.\n';
  const head = ['ID', 'NAME', 'CATEGORY', 'SEVERITY', 'FIX', 'SUMMARY'];
  const rows = rules.map((m) => [m.id, m.name, m.category, m.defaultSeverity, m.fix, m.summary.replace(/\s+/g, ' ')]);
  const widths = head.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

export { FIX_LABEL, formatRulesMarkdown, mdCell } from '../engine/index';
