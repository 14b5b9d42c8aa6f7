/**
 * What identifies a finding across edits that move it (baselines, SARIF partialFingerprints):
 * the resource it is in (CloudFormation logical id, Terraform address) and a hash of the offending
 * code with its whitespace removed. Neither depends on line numbers, so blank lines above a
 * finding, a re-indented block or a renamed neighbour leave it unchanged. The code is hashed
 * (SHA-256, truncated): the identity never carries a value of the file in clear.
 */
// node:crypto (with node:stream) is required where it is used: loaded at the top, it costs every command, `awsdp --version` included, several ms.
import type * as NodeCrypto from 'node:crypto';
import type { Model, Resource } from './model/model';
import type { FindingIdentity, Span } from './types';

/** Hex characters of the SHA-256 kept: 128 bits, plenty to tell snippets apart. */
const HASH_CHARS = 32;

/** A hash of `code` that ignores whitespace (indentation, line breaks, alignment). */
export function codeFingerprint(code: string): string {
  return (require('node:crypto') as typeof NodeCrypto).createHash('sha256').update(code.replace(/\s+/g, '')).digest('hex').slice(0, HASH_CHARS);
}

/**
 * Identities of findings in the files of one model. Resources of a file are sorted once, on first
 * use; each lookup is a binary search (findings × resources would be quadratic in a huge module).
 */
export class Identities {
  private byFile = new Map<string, Resource[]>();

  constructor(
    private readonly model: Model,
    private readonly textOf: (file: string) => string | undefined,
  ) {}

  of(file: string, span: Span): FindingIdentity {
    const text = this.textOf(file) ?? '';
    const resource = this.resourceAt(file, span);
    const code = codeFingerprint(text.slice(span.start, span.end));
    return resource ? { resource, code } : { code };
  }

  /** The innermost resource, provider or module block of `file` that holds `span`. */
  resourceAt(file: string, span: Span): string | undefined {
    let list = this.byFile.get(file);
    if (!list) {
      list = [];
      for (const group of [this.model.resources, this.model.providers, this.model.modules]) for (const r of group) if (r.file === file) list.push(r);
      list.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
      this.byFile.set(file, list);
    }
    // The last resource starting at or before the span; walk back to the innermost that contains it.
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].span.start <= span.start) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Resources do not nest, but a few steps back cover blocks sharing a start (bounded).
    for (let i = at, steps = 0; i >= 0 && steps < 8; i--, steps++) {
      const r = list[i];
      if (r.span.start <= span.start && r.span.end >= span.end) return r.id;
    }
    return undefined;
  }
}
