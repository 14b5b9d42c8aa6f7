/**
 * Crash recovery in the VS Code client: the restart policy (client/src/restart-policy.ts, wired
 * into the LanguageClient's errorHandler) restarts a dying server a few times and tells the user
 * once per run of crashes, not once per crash. It has no VS Code import, so it is tested here on
 * its compiled form (client/out, built by `tsc -b`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './server-lsp-client';

/** The shape of client/src/restart-policy.ts (another TypeScript project: loaded at run time). */
interface CloseDecision {
  action: 'restart' | 'stop';
  notify?: { level: 'info' | 'error'; message: string };
  log: string;
}
interface RestartPolicyLike {
  closed(): CloseDecision;
  error(count: number | undefined): { action: 'continue' | 'shutdown'; log: string };
  reset(): void;
}
interface PolicyModule {
  RestartPolicy: new (opts?: { maxRestarts?: number; windowMs?: number; now?: () => number }) => RestartPolicyLike;
  MAX_RESTARTS: number;
  RESTART_WINDOW_MS: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RestartPolicy, MAX_RESTARTS, RESTART_WINDOW_MS } = require(path.join(REPO_ROOT, 'client', 'out', 'restart-policy.js')) as PolicyModule;

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

test('a crash storm: restarts up to the limit, one notification, then one error and no more restarts', () => {
  const c = clock();
  const p = new RestartPolicy({ now: c.now });
  const decisions = Array.from({ length: MAX_RESTARTS + 1 }, () => {
    c.advance(1000);
    return p.closed();
  });
  assert.deepEqual(
    decisions.map((d) => d.action),
    [...Array(MAX_RESTARTS).fill('restart'), 'stop'],
  );
  const notes = decisions.filter((d) => d.notify);
  assert.equal(notes.length, 2, 'one message when it first crashed, one when it gave up');
  assert.equal(notes[0].notify!.level, 'info');
  assert.match(notes[1].notify!.message, /stopped 5 times in 3 minutes and will not be restarted/);
  assert.ok(decisions.every((d) => d.log.length > 0), 'every crash is logged');
});

test('crashes far apart are each restarted; a new run of crashes is news again', () => {
  const c = clock();
  const p = new RestartPolicy({ now: c.now });
  for (let i = 0; i < 10; i++) {
    c.advance(RESTART_WINDOW_MS + 1);
    const d = p.closed();
    assert.equal(d.action, 'restart');
    assert.ok(d.notify, 'after a quiet spell, the user hears of the crash');
  }
  // Two crashes close together: the second is silent.
  c.advance(RESTART_WINDOW_MS + 1);
  assert.ok(p.closed().notify);
  c.advance(5000);
  assert.equal(p.closed().notify, undefined);
});

test('a manual restart forgives earlier crashes', () => {
  const c = clock();
  const p = new RestartPolicy({ now: c.now });
  for (let i = 0; i <= MAX_RESTARTS; i++) p.closed();
  assert.equal(p.closed().action, 'stop');
  p.reset();
  assert.equal(p.closed().action, 'restart');
});

test('connection errors: a few are tolerated, then the connection is shut down', () => {
  const p = new RestartPolicy();
  assert.equal(p.error(1).action, 'continue');
  assert.equal(p.error(3).action, 'continue');
  assert.equal(p.error(4).action, 'shutdown');
  assert.equal(p.error(undefined).action, 'shutdown');
});

test('the extension uses the policy for both handlers and shows its own messages only', () => {
  const src = readFileSync(path.join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  assert.match(src, /errorHandler,/);
  assert.match(src, /policy\.closed\(\)/);
  assert.match(src, /policy\.error\(count\)/);
  // handled: true keeps vscode-languageclient from adding a notification of its own per crash.
  assert.equal((src.match(/handled: true/g) ?? []).length, 2);
  assert.match(src, /policy\.reset\(\)/, 'the restart command resets the crash count');
});
