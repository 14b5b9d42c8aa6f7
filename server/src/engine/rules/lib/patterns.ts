/**
 * User-defined sensitive-data patterns (`.awsdp.yaml` `sensitiveData.patterns`, the editor setting
 * `awsdp.sensitiveData.patterns`): compiled with RE2 (re2js, a pure-JavaScript port of RE2), whose
 * matching is linear in the input whatever the pattern — a configuration file comes with the
 * repository scanned, so its patterns are as hostile as any input. RE2 has no backreferences and no
 * lookarounds; a pattern using them is refused with the reason.
 */
// re2js (270 KB) is required when a pattern is compiled: most projects configure none, and loading it
// at the top costs every command's start-up.
import type { RE2JS } from 're2js';

/** A pattern as configured: what it finds (a noun phrase, `an employee id`) and the RE2 pattern. */
export interface SensitivePattern {
  name: string;
  pattern: string;
}

/** A user-defined pattern (`.awsdp.yaml` `sensitiveData.patterns`, the `awsdp.sensitiveData.patterns` setting), compiled. */
export interface UserPattern {
  /** What the pattern finds, as the user names it: `an employee id`. */
  name: string;
  /** The pattern as written (RE2 syntax). */
  source: string;
  /** Compiled with RE2 (linear time on any input). */
  re: RE2JS;
}

/** Longest user pattern, and how many a project may define. */
export const MAX_USER_PATTERN_LENGTH = 500;
export const MAX_USER_PATTERNS = 50;

/**
 * Compiles a user pattern with RE2 (re2js): no backreferences or lookarounds, and matching is linear
 * in the input whatever the pattern, so a hostile configuration cannot stall the engine. Throws an
 * Error with a short reason when the pattern is refused.
 */
export function compileUserPattern(name: string, source: string): UserPattern {
  if (!name.trim()) throw new Error('a pattern needs a name');
  if (source.length > MAX_USER_PATTERN_LENGTH) throw new Error(`pattern longer than ${MAX_USER_PATTERN_LENGTH} characters`);
  if (!source) throw new Error('empty pattern');
  let re: RE2JS;
  try {
    re = (require('re2js') as typeof import('re2js')).RE2JS.compile(source);
  } catch (e) {
    throw new Error(`not a valid RE2 pattern: ${(e as Error).message.split('\n')[0]}`);
  }
  if (re.matches('')) throw new Error('the pattern matches the empty string');
  return { name, source, re };
}


const compiled = new WeakMap<readonly SensitivePattern[], UserPattern[]>();

/** The compiled form of configured patterns (once per list); a pattern that does not compile is left out (configuration parsing reports it). */
export function compilePatterns(list: readonly SensitivePattern[] | undefined): UserPattern[] {
  if (!list?.length) return [];
  let c = compiled.get(list);
  if (!c) {
    c = [];
    for (const p of list.slice(0, MAX_USER_PATTERNS)) {
      try {
        c.push(compileUserPattern(p.name, p.pattern));
      } catch {
        // Refused: parseSensitivePatterns says why.
      }
    }
    compiled.set(list, c);
  }
  return c;
}

/**
 * Validates configured patterns (a list of `{name, pattern}`): returns them, or throws an Error
 * naming the first bad entry (`sensitiveData.patterns[2]: not a valid RE2 pattern: …`).
 */
export function parseSensitivePatterns(raw: unknown, where = 'sensitiveData.patterns'): SensitivePattern[] {
  if (!Array.isArray(raw)) throw new Error(`${where} must be a list of {name, pattern}`);
  if (raw.length > MAX_USER_PATTERNS) throw new Error(`${where}: at most ${MAX_USER_PATTERNS} patterns`);
  return raw.map((it, i) => {
    const o = it as Record<string, unknown>;
    if (!o || typeof o !== 'object' || typeof o.name !== 'string' || typeof o.pattern !== 'string') throw new Error(`${where}[${i}]: expected {name, pattern} with two strings`);
    const extra = Object.keys(o).filter((k) => k !== 'name' && k !== 'pattern');
    if (extra.length) throw new Error(`${where}[${i}]: unknown key "${extra[0]}" (expected name, pattern)`);
    try {
      compileUserPattern(o.name, o.pattern);
    } catch (e) {
      throw new Error(`${where}[${i}] (${o.name}): ${(e as Error).message}`);
    }
    return { name: o.name, pattern: o.pattern };
  });
}
