/**
 * LineIndex on large texts: it looks for carriage returns a chunk (64 K characters) at a time, as far
 * as lines are asked for; line starts must be those of a table of every line, wherever the first
 * carriage return is (none, in the first chunk, just before or after a chunk's end, near the end),
 * whatever the order of the questions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../engine/text';
import { lcg } from './differential';
import { referenceLineStarts as reference } from './helpers';


test('LineIndex on texts of 200 K characters: line starts wherever the first carriage return is', () => {
  const rnd = lcg(17, 'high');
  const CHUNK = 1 << 16;
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 200_000; i++) lines.push('x'.repeat(rnd(40)) + (i % 5 === 0 ? ' "Statement": [' : ''));
  const plain = lines.join('\n');
  // Where a \r goes (its offset in the plain text), and what: a \r\n in place of a \n, or a lone \r.
  const places = [undefined, 0, 10, CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5, plain.length - 3, plain.length];
  for (const at of places) {
    for (const kind of ['\r\n', '\r', '\r\r\n']) {
      const text = at === undefined ? plain : plain.slice(0, at) + kind + plain.slice(at);
      const { starts, lineOf } = reference(text);
      for (let order = 0; order < 3; order++) {
        const li = new LineIndex(text);
        for (let q = 0; q < 60; q++) {
          const o = order === 0 ? Math.floor((q / 60) * (text.length + 1)) : order === 1 ? text.length - q * 997 : rnd(text.length + 1);
          const off = Math.max(0, Math.min(o, text.length));
          const line = lineOf(off);
          assert.deepEqual(li.positionAt(off), { line, character: off - starts[line] }, `\\r at ${at} (${JSON.stringify(kind)}), order ${order}, offset ${off}`);
          if (q % 7 === 0) assert.equal(li.lineStart(line), starts[line]);
        }
        assert.equal(li.lineCount, starts.length, `\\r at ${at}, lineCount`);
      }
    }
  }
});

test('LineIndex answers questions near the last one (same line, the next, two below, above) as the full table does', () => {
  const rnd = lcg(29, 'high');
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push('y'.repeat(rnd(12)));
  for (const eol of ['\n', '\r\n']) {
    const text = lines.join(eol);
    const { starts, lineOf } = reference(text);
    const pos = (off: number) => ({ line: lineOf(off), character: off - starts[lineOf(off)] });
    const li = new LineIndex(text);
    let off = 0;
    for (let q = 0; q < 4000; q++) {
      // Mostly small steps forward (0 to ~3 lines), now and then a jump back or far ahead.
      const r = rnd(20);
      off = r === 0 ? rnd(text.length + 1) : r === 1 ? Math.max(0, off - rnd(200)) : Math.min(text.length, off + rnd(40));
      const end = Math.min(text.length, off + rnd(30));
      const span = q % 5 === 4 ? { start: end, end: off } : { start: off, end };
      assert.deepEqual(li.range(span), { start: pos(span.start), end: pos(span.end) }, `${JSON.stringify(eol)} span ${span.start}-${span.end}`);
      if (q % 3 === 0) assert.deepEqual(li.positionAt(off), pos(off));
    }
  }
});
