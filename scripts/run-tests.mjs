// Runs the test suite (node:test) on the compiled tests and ends with a one-line summary:
// "N passed, N failed" (plus skipped/todo counts when there are any), from node's own counts.
//
//   node scripts/run-tests.mjs [substring...]            the suite (or the files whose name contains a substring)
//   node scripts/run-tests.mjs --timing [substring...]   the timing lane: time bounds asserted (not gated in CI)
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'server', 'out', 'test');
// --timing: the timing lane (npm run test:timing). Time bounds are asserted only there (see
// server/src/test/timing.ts): the files that call the timing helpers, and the *.timing.js files.
const timing = process.argv.includes('--timing');
if (timing) process.env.AWSDP_TEST_TIMING = '1';
const only = process.argv.slice(2).filter((a) => a !== '--timing');
const inLane = (f) => (timing ? f.endsWith('.timing.js') || (f.endsWith('.test.js') && /\b(withinTime|timingHolds)\b/.test(readFileSync(join(dir, f), 'utf8'))) : f.endsWith('.test.js'));
const files = readdirSync(dir)
  .filter(inLane)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(dir, f));

if (files.length === 0) {
  console.error(`run-tests: no test file matches ${only.join(', ') || '(all)'}${timing ? ' in the timing lane' : ''}`);
  process.exit(1);
}

const counts = { pass: 0, fail: 0, skip: 0, todo: 0 };
// A failing hook fails its suite (or file) without failing a leaf test: count those too.
let suiteFailures = 0;
// The limit is per test file (node:test's run() applies it to the file, not to each test): a hang
// guard, not a speed check. Some files take 90 s on an idle 2-core machine and several times that
// on a busy one, so it is generous; every wait inside a test is bounded on its own.
const FILE_TIMEOUT_MS = 600_000;
const stream = run({ files, concurrency: 2, timeout: FILE_TIMEOUT_MS });
stream.on('test:pass', (e) => {
  if (e.details?.type === 'suite') return;
  if (e.skip) counts.skip++;
  else if (e.todo) counts.todo++;
  else counts.pass++;
});
stream.on('test:fail', (e) => {
  if (e.details?.type === 'suite') suiteFailures++;
  else counts.fail++;
});
const out = stream.compose(spec);
out.pipe(process.stdout, { end: false });
out.on('end', () => {
  if (counts.fail === 0 && suiteFailures > 0) counts.fail = suiteFailures;
  const extra = [counts.skip && `${counts.skip} skipped`, counts.todo && `${counts.todo} todo`].filter(Boolean);
  process.stdout.write(`\n${counts.pass} passed, ${counts.fail} failed${extra.length ? ', ' + extra.join(', ') : ''}\n`);
  process.exitCode = counts.fail > 0 ? 1 : 0;
});
