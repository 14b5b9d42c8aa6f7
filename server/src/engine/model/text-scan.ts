/**
 * Pre-filters of the scans of a whole file's text (DP401's and DP403's text hints, DP503's credential
 * shapes, the secret words of `secretValues`): literals a text must hold for an expression to match,
 * looked for with a byte search before the expression runs.
 */
import { OwnerMemo } from './memo';
import type { Tree } from './model';

/**
 * Whether `text` holds at least one of `literals` (String#includes each). The pre-filter of the
 * whole-file scans: `includes` looks for a literal's first character with a byte search (memchr),
 * tens of times faster on a large file than a regular expression with alternatives or `/i`, which
 * reads every character. So each literal is chosen to start with a character that is rare in IaC
 * files (`_`, `.`, `y`, `Y`, an upper-case `I` or `K`...), and to be a part of every match of the
 * expression it stands for: a text without any cannot hold a match.
 */
export function holdsAny(text: string, literals: readonly string[]): boolean {
  for (let i = 0; i < literals.length; i++) if (text.includes(literals[i])) return true;
  return false;
}

/**
 * Which characters a file's text holds, each looked for once (a byte search) and kept: the scans of
 * one file (the rules' text hints, DP503's credential gates, the secret words) ask about the same
 * few characters (`_`, `.`, `y`...), and each search reads the whole text when the character is not
 * there. One per tree (`textCharsOf`).
 */
export class TextChars {
  private readonly seen = new Map<string, boolean>();
  /** Answers of whole-text tests (GatedPattern) asked through these chars: each test runs once per file. */
  private readonly answers = new Map<object, boolean>();

  constructor(readonly text: string) {}

  /** Whether the text holds the character `c`. */
  has(c: string): boolean {
    let v = this.seen.get(c);
    if (v === undefined) this.seen.set(c, (v = this.text.includes(c)));
    return v;
  }

  /** The answer of `test` for this text, worked out on first use (several rules ask the same test of a file). */
  answer(key: object, test: () => boolean): boolean {
    let v = this.answers.get(key);
    if (v === undefined) this.answers.set(key, (v = test()));
    return v;
  }

  /** `holdsAny(this.text, literals)`: a literal whose first character the text lacks is not looked for. */
  holdsAny(literals: readonly string[]): boolean {
    for (let i = 0; i < literals.length; i++) {
      const l = literals[i];
      if (this.has(l[0]) && (l.length === 1 || this.text.includes(l))) return true;
    }
    return false;
  }
}

const charsOfTree = new OwnerMemo<Tree, TextChars>();
/** The TextChars of a model's file (made once per tree). */
export function textCharsOf(t: Tree): TextChars {
  let c = charsOfTree.get(t);
  if (!c) charsOfTree.set(t, (c = new TextChars(t.text)));
  return c;
}

/** `holdsAny`, through the file's TextChars when the caller has them. */
export function holdsAnyIn(text: string, literals: readonly string[], chars: TextChars | undefined): boolean {
  return chars ? chars.holdsAny(literals) : holdsAny(text, literals);
}

/** A test on a whole file's text (a RegExp is one); `chars`, when given, are the text's. */
export interface TextTest {
  test(text: string, chars?: TextChars): boolean;
}

/**
 * A regular expression run on a whole file's text only when the text holds one of `anyOf`, literals
 * of which every match of `re` holds one (see holdsAny): the same answer as `re.test(text)`, far
 * sooner on a file that holds none (DP401's and DP403's hints on a large policy or template).
 */
export class GatedPattern implements TextTest {
  constructor(
    readonly re: RegExp,
    readonly anyOf: readonly string[],
  ) {
    if (re.global || re.sticky) throw new Error('GatedPattern: a global or sticky expression keeps state between tests');
  }

  test(text: string, chars?: TextChars): boolean {
    if (chars && chars.text === text) return chars.answer(this, () => holdsAnyIn(text, this.anyOf, chars) && this.re.test(text));
    return holdsAnyIn(text, this.anyOf, chars) && this.re.test(text);
  }
}
