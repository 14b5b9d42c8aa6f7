import type { Fix, Finding } from './types';

/**
 * Gives a finding a `fixes` property computed on first read, then kept. It is an ordinary
 * enumerable property for every caller (`finding.fixes`, spreading, JSON.stringify,
 * structured clone). Once computed, the closure (which holds the parsed document) is dropped.
 * A fix writer that throws yields no fixes rather than breaking the front end reading them.
 */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: () => Fix[]): Finding {
  let fixes: Fix[] | undefined;
  let pending: (() => Fix[]) | undefined = compute;
  Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    configurable: true,
    get(): Fix[] {
      if (pending) {
        const f = pending;
        pending = undefined;
        try {
          fixes = f();
        } catch {
          fixes = [];
        }
      }
      return fixes ?? [];
    },
    set(v: Fix[]) {
      pending = undefined;
      fixes = v;
    },
  });
  return finding as Finding;
}

/** Computes every lazy fix now, so that nothing keeps the parsed documents alive afterwards. */
export function materializeFixes(findings: readonly Finding[]): void {
  for (const f of findings) void f.fixes;
}
