/**
 * JSON held as text in a property (model/json-text.ts, documents/string-source.ts): where each
 * character of the outer string's value is in the file, and the value tree read from it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileSpan, hclStringSource, jsonStringSource, yamlStringSource } from '../engine/documents/string-source';
import { jsonTextProperties } from '../engine/model/json-text';
import { createEngine } from '../engine/index';
import { dp503 } from '../engine/rules/dp503-hard-coded-secret';
import { dp401 } from '../engine/rules/dp401-non-fips-endpoint';

/** The file text a span of the decoded content maps to. */
function mapped(text: string, src: NonNullable<ReturnType<typeof jsonStringSource>>, part: string): string {
  const i = src.content.indexOf(part);
  assert.ok(i >= 0, `${part} is in the content`);
  const s = fileSpan(src, i, i + part.length);
  return text.slice(s.start, s.end);
}

test('a JSON string: escapes decoded, each character mapped to its text (an escape to the whole escape)', () => {
  const text = 'x = "{\\"a\\": \\"b\\\\c\\u00e9\\"}"';
  const start = text.indexOf('"');
  const src = jsonStringSource(text, { start, end: text.length })!;
  assert.equal(src.content, '{"a": "b\\cé"}');
  assert.equal(mapped(text, src, '"a"'), '\\"a\\"');
  assert.equal(mapped(text, src, 'b\\c'), 'b\\\\c');
  assert.equal(mapped(text, src, 'é'), '\\u00e9');
  assert.equal(src.offsets.length, src.content.length + 1);
});

test('an HCL quoted string keeps template sequences; a heredoc maps one to one', () => {
  const text = 'v = "[{\\"name\\": \\"${var.n}\\"}]"\nh = <<EOT\n[{"name": "x"}]\nEOT\n';
  const q = text.indexOf('"');
  const qEnd = text.indexOf('\n') ;
  const quoted = hclStringSource(text, { start: q, end: qEnd })!;
  assert.equal(quoted.content, '[{"name": "${var.n}"}]');
  assert.equal(mapped(text, quoted, '${var.n}'), '${var.n}');
  const h = text.indexOf('<<');
  const heredoc = hclStringSource(text, { start: h, end: text.length - 1 })!;
  assert.equal(heredoc.content, '[{"name": "x"}]\n');
  assert.equal(mapped(text, heredoc, '"x"'), '"x"');
});

test('YAML: single-quoted (doubled quotes), double-quoted, literal block; folded blocks are not mapped', () => {
  const single = "I: '{\"it''s\": 1}'";
  const s1 = yamlStringSource(single, { start: 3, end: single.length }, '{"it\'s": 1}')!;
  assert.equal(mapped(single, s1, "it's"), "it''s");
  const dq = 'I: "{\\"k\\": 1}"';
  const s2 = yamlStringSource(dq, { start: 3, end: dq.length }, '{"k": 1}')!;
  assert.equal(mapped(dq, s2, '"k"'), '\\"k\\"');
  const block = 'D: |\n  {\n    "k": "v"\n  }\n';
  const s3 = yamlStringSource(block, { start: 3, end: block.length }, '{\n  "k": "v"\n}\n')!;
  assert.equal(s3.content, '{\n  "k": "v"\n}');
  assert.equal(mapped(block, s3, '"v"'), '"v"');
  // The value the parser gives must be what the text holds: a mismatch is not mapped.
  assert.equal(yamlStringSource(block, { start: 3, end: block.length }, 'something else'), undefined);
  const folded = 'D: >\n  {"k":\n  "v"}\n';
  assert.equal(yamlStringSource(folded, { start: 3, end: folded.length }, '{"k": "v"}\n'), undefined);
});

test('the table names CloudFormation and Terraform properties with valid paths', () => {
  const t = jsonTextProperties();
  assert.deepEqual(t.terraform.aws_ecs_task_definition, ['container_definitions']);
  assert.deepEqual(t.cloudformation['AWS::StepFunctions::StateMachine'], ['DefinitionString']);
  for (const paths of [...Object.values(t.cloudformation), ...Object.values(t.terraform)]) for (const p of paths) assert.match(p, /^[A-Za-z_]+(\{\})?(\[\])?(\.[A-Za-z_]+(\{\})?(\[\])?)*$/);
});

test('many template parts in one container definition: every literal read, every part unknown', async () => {
  // Small enough to stay far inside the analysis time budget on a busy machine (the test asserts no time).
  const n = 60;
  const env = Array.from({ length: n }, (_, i) => `{"name": "V${i}", "value": "\${var.v${i}}"}, {"name": "DB${i}_PASSWORD", "value": "pw-literal-${i}"}`).join(', ');
  const text = `resource "aws_ecs_task_definition" "t" {\n  family = "t"\n  container_definitions = <<EOT\n[{"name": "a", "environment": [${env}]}]\nEOT\n}\n`;
  const engine = await createEngine({ rules: [dp503, dp401] });
  const r = await engine.analyzeDocument({ path: 'main.tf', text }, [], {});
  const found = r.findings.filter((f) => f.ruleId === 'DP503');
  assert.equal(found.length, n);
  for (const f of found.slice(0, 5)) assert.match(text.slice(f.span.start, f.span.end), /^"pw-literal-\d+"$/);
  // Masked: the message never repeats the value.
  assert.ok(found.every((f) => !f.message.includes('pw-literal-')));
});
