/**
 * Files that hold JSON as text in a property (data/json-text.json), one builder per way of writing
 * it: Terraform heredoc and quoted string, `.tf.json` string, CloudFormation YAML literal block,
 * single- and double-quoted scalars, CloudFormation JSON string. Each takes the `environment` of a
 * container (name/value pairs, values written as JSON text: `"false"`, `"${var.x}"`) and writes
 * it in that property, escaped as the outer string needs.
 */

export type Env = [name: string, value: string][];

/** The JSON text of one container whose environment is `env` (values are JSON source). */
export function containerJson(env: Env, indent = '  '): string {
  const items = env.map(([n, v]) => `${indent}    { "name": "${n}", "value": ${v} }`).join(',\n');
  return `[\n${indent}  {\n${indent}    "name": "app",\n${indent}    "image": "app:latest",\n${indent}    "environment": [\n${items}\n${indent}    ]\n${indent}  }\n${indent}]`;
}

/** JSON text on one line, as written (escapes kept). */
function compact(json: string): string {
  return json.replace(/\n\s*/g, '');
}

/** Terraform: `container_definitions = <<EOT ... EOT`. */
export function tfHeredoc(env: Env): string {
  return `resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  container_definitions = <<EOT\n${containerJson(env, '')}\nEOT\n}\n`;
}

/** Terraform: `container_definitions = "[{\"name\": ...}]"` (one line, quotes escaped). */
export function tfQuoted(env: Env): string {
  const json = compact(containerJson(env)).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  container_definitions = "${json}"\n}\n`;
}

/** `.tf.json`: the container definitions as a JSON string. */
export function tfJson(env: Env): string {
  const defs = compact(containerJson(env));
  return JSON.stringify({ resource: { aws_ecs_task_definition: { app: { family: 'app', container_definitions: defs } } } }, null, 2) + '\n';
}

/** The JSON text of an event target's input holding `env` as an object (`{"NAME": value}`). */
function inputJson(env: Env): string {
  return `{${env.map(([n, v]) => `"${n}": ${v}`).join(', ')}}`;
}

/** CloudFormation YAML: a state machine whose `DefinitionString` is a literal block (`|`) with `env` in a task's parameters. */
export function cfnBlock(env: Env, sub = false): string {
  const params = env.map(([n, v]) => `                "${n}": ${v}`).join(',\n');
  return [
    'Resources:',
    '  Machine:',
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    '      RoleArn: arn:aws:iam::123456789012:role/sfn',
    `      DefinitionString: ${sub ? '!Sub ' : ''}|`,
    '        {',
    '          "StartAt": "Run",',
    '          "States": {',
    '            "Run": {',
    '              "Type": "Task",',
    '              "Resource": "arn:aws:states:::lambda:invoke",',
    '              "Parameters": {',
    params,
    '              },',
    '              "End": true',
    '            }',
    '          }',
    '        }',
    '',
  ].join('\n');
}

/** CloudFormation YAML: an events rule target whose `Input` is a single-quoted (`'`) or double-quoted (`"`) scalar. */
export function cfnQuoted(env: Env, quote: "'" | '"'): string {
  const json = inputJson(env);
  const scalar = quote === "'" ? `'${json.replace(/'/g, "''")}'` : JSON.stringify(json);
  return [
    'Resources:',
    '  Rule:',
    '    Type: AWS::Events::Rule',
    '    Properties:',
    '      ScheduleExpression: rate(1 hour)',
    '      Targets:',
    '        - Id: worker',
    '          Arn: arn:aws:lambda:us-east-1:123456789012:function:worker',
    `          Input: ${scalar}`,
    '',
  ].join('\n');
}

/** CloudFormation JSON: an events rule target whose `Input` is a JSON string. */
export function cfnJson(env: Env): string {
  const rule = { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)', Targets: [{ Id: 'worker', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:worker', Input: inputJson(env) }] } };
  return JSON.stringify({ Resources: { Rule: rule } }, null, 2) + '\n';
}
