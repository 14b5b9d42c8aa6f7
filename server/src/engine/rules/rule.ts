import type { ParsedDocument } from '../documents/document';
import type { Model } from '../model/model';
import type { Category, Fix, Format, Severity, Span } from '../types';

export const DOCS_BASE = 'https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/';

export interface RuleMeta {
  /** `DP` + three digits; the hundreds give the category. */
  id: string;
  /** kebab-case, says what is wrong. */
  name: string;
  category: Category;
  defaultSeverity: Severity;
  /** One sentence: what the rule flags. */
  summary: string;
  /** Markdown: why it matters, what AWS says, what counts as compliant. Used for the docs page. */
  description: string;
  /** Whether the rule offers fixes and how safe they are. */
  fix: 'safe' | 'unsafe' | 'none';
  formats: Format[];
  /** Examples for the docs page; each is linted by the tests. */
  examples: { title: string; format: Format; fileName: string; bad: string; good: string }[];
}

export interface Report {
  file: string;
  span: Span;
  message: string;
  fixes?: Fix[];
  /**
   * Fixes computed only when a front end reads `finding.fixes` (the CLI's JSON and SARIF do, the
   * language server only for code actions): writing fixes costs more than finding the problem.
   * Used when `fixes` is not given.
   */
  computeFixes?: () => Fix[];
}

export interface RuleContext {
  model: Model;
  document(file: string): ParsedDocument | undefined;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function docsUrl(meta: Pick<RuleMeta, 'id'>): string {
  return `${DOCS_BASE}${meta.id}.md`;
}
