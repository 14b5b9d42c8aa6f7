/**
 * Core types shared by every part of the engine. The engine is pure: it takes text and returns
 * findings and fixes. Nothing here knows about LSP or VS Code.
 */

/** Half-open character span [start, end) in a file's text, in UTF-16 code units (JS string indices). */
export interface Span {
  start: number;
  end: number;
}

/** 0-based line and UTF-16 character, as LSP expects. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** `aws-config`: the AWS SDK/CLI shared `config` and `credentials` files (`.aws/config`, `.aws/credentials`). */
export type Format = 'iam-json' | 'cloudformation' | 'terraform' | 'terraform-json' | 'aws-config';

export type Category = 'mfa' | 'secure-transport' | 'tls-version' | 'fips-endpoint' | 'sensitive-data';

export type Severity = 'error' | 'warning' | 'info';

/** A text replacement in one file, offset based. `file` defaults to the file of the finding. */
export interface TextEdit {
  file?: string;
  span: Span;
  /** Set by the engine on every edit it returns (rules and fix renderers give only the span). */
  range?: Range;
  newText: string;
}

/**
 * A fix: `safe` fixes may be applied without review (`--fix`, fix-all); `unsafe` ones are only
 * offered as suggestions the user chooses.
 */
export interface Fix {
  title: string;
  applicability: 'safe' | 'unsafe';
  edits: TextEdit[];
}

/** Another place that explains a finding (LSP `relatedInformation`): the principal it is about, where a fix would go. */
export interface RelatedLocation {
  file: string;
  span: Span;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Path of the file as given to the engine. */
  file: string;
  span: Span;
  range: Range;
  docsUrl: string;
  fixes: Fix[];
  /** Other places that explain the finding, when the rule gives any. */
  related?: RelatedLocation[];
  /** What identifies the finding across edits that move it; set when asked (AnalyzeOptions.identities). */
  identity?: FindingIdentity;
}

/**
 * A finding's identity for baselines and SARIF fingerprints, independent of line numbers: the
 * resource it is in (CloudFormation logical id, Terraform address; none in a policy file) and a
 * hash of the offending code without its whitespace (never the code itself).
 */
export interface FindingIdentity {
  resource?: string;
  code: string;
}

/** Something the user should know about a file that is not a finding: a parse error, a limit hit. */
export interface Notice {
  file: string;
  kind: 'parse-error' | 'limit' | 'config' | 'internal';
  message: string;
  span?: Span;
  range?: Range;
  /**
   * Set on the notices of the time budget ("analysis stopped after N ms"): the same text may be
   * analysed in full when the machine is less busy (the language server tries again by itself).
   */
  timedOut?: true;
}

export interface SourceFile {
  path: string;
  text: string;
}
