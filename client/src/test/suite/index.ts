/**
 * The extensionTestsPath module: VS Code loads it in the extension host and awaits `run()`.
 * A tiny sequential runner (no mocha needed): each test has a bounded time, failures are
 * collected, and the summary line reads "N passed, N failed".
 */
import { tests, type TestCase } from './extension.test';

// Generous: the suite must pass on a busy 2-core machine (every wait inside a test has its own bound).
const DEFAULT_TIMEOUT_MS = 240_000;

function withTimeout(t: TestCase): Promise<void> {
  const ms = t.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    t.run(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await withTimeout(t);
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.error(`  ✖ ${t.name} (${Date.now() - t0} ms)\n    ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension tests failed`);
}
