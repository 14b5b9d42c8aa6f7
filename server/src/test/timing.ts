/**
 * Time bounds, kept out of `npm test`: the suite must pass on a busy 2-core machine, so a test
 * asserts behaviour (a budget that runs out gives its notice, with an expired budget or a fake
 * clock), never how fast the machine is. The bounds are asserted in the timing lane,
 * `npm run test:timing` (AWSDP_TEST_TIMING=1; CI does not gate on it), which runs the test files
 * that call these helpers and the `*.timing.js` files; `npm run bench` has the figures.
 */
import assert from 'node:assert/strict';

export const TIMING_LANE = process.env.AWSDP_TEST_TIMING === '1';

/** In the timing lane: `ms` must be below `boundMs`. */
export function withinTime(ms: number, boundMs: number, what: string): void {
  if (TIMING_LANE) assert.ok(ms < boundMs, `${what}: took ${Math.round(ms)} ms, over the bound of ${boundMs} ms`);
}

/** In the timing lane: a condition on measured times (a growth ratio, say). */
export function timingHolds(ok: boolean, what: string): void {
  if (TIMING_LANE) assert.ok(ok, what);
}
