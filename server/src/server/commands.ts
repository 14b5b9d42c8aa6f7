/**
 * The server's commands (workspace/executeCommand) and code action kinds: any LSP client can run
 * them; VS Code's client also lists them in the command palette (package.json `contributes.commands`).
 */
export const COMMANDS = {
  /** Arguments: [{ uri, version, ruleId, range, reason? }]: applies the suppression edit (workspace/applyEdit). */
  suppress: 'awsdp.suppress',
  /** Arguments: [{ ruleId, url? }]: opens the rule's page (window/showDocument). */
  showRuleDocumentation: 'awsdp.showRuleDocumentation',
  /** No arguments: analyses every supported file of every workspace folder. */
  scanWorkspace: 'awsdp.scanWorkspace',
} as const;

/** Fix all: every safe fix of a document (editor.codeActionsOnSave: { "source.fixAll.awsdp": "explicit" }). */
export const FIX_ALL_KIND = 'source.fixAll.awsdp';

export interface SuppressArgs {
  uri: string;
  version?: number;
  ruleId: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  reason?: string;
}
