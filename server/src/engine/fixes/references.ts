/**
 * How a neutral reference (`RefValue`: the ARN, id or name of a resource) is spelled in each
 * format. Data, not code: a new resource type whose attributes differ from the defaults gets a
 * line here, never a branch in a renderer or a rule.
 */

/** CloudFormation: `Ref` (the resource's primary identifier) or `Fn::GetAtt` of a named attribute. */
export type CfnAttribute = { ref: true } | { getAtt: string };

export interface ReferenceTable {
  cloudformation: {
    default: Record<'arn' | 'id' | 'name', CfnAttribute>;
    /** Types whose `Ref` or attributes differ from the default (undefined: the type has no such attribute). */
    byType: Record<string, Partial<Record<'arn' | 'id' | 'name', CfnAttribute | null>>>;
  };
  terraform: {
    default: Record<'arn' | 'id' | 'name', string>;
    byType: Record<string, Partial<Record<'arn' | 'id' | 'name', string | null>>>;
  };
}

export const REFERENCES: ReferenceTable = {
  cloudformation: {
    default: { arn: { getAtt: 'Arn' }, id: { ref: true }, name: { ref: true } },
    byType: {
      // Ref is the queue URL; the name is an attribute.
      'AWS::SQS::Queue': { name: { getAtt: 'QueueName' } },
      // Ref is the topic ARN.
      'AWS::SNS::Topic': { arn: { ref: true }, name: { getAtt: 'TopicName' } },
      'AWS::KMS::Key': { id: { getAtt: 'KeyId' }, name: null },
      'AWS::IAM::ManagedPolicy': { arn: { ref: true }, id: { getAtt: 'PolicyId' }, name: { getAtt: 'PolicyName' } },
      'AWS::IAM::Role': { id: { getAtt: 'RoleId' } },
      'AWS::Lambda::Function': { id: { ref: true } },
      'AWS::CloudFront::Distribution': { arn: null, id: { ref: true }, name: null },
    },
  },
  terraform: {
    default: { arn: 'arn', id: 'id', name: 'name' },
    byType: {
      aws_s3_bucket: { name: 'bucket' },
      aws_kms_key: { id: 'key_id', name: null },
      aws_cloudfront_distribution: { name: null },
    },
  },
};

/** The CloudFormation spelling of a resource's attribute, or undefined when the type has none. */
export function cfnAttribute(type: string, attribute: 'arn' | 'id' | 'name'): CfnAttribute | undefined {
  const own = REFERENCES.cloudformation.byType[type]?.[attribute];
  if (own === null) return undefined;
  return own ?? REFERENCES.cloudformation.default[attribute];
}

/** The Terraform attribute name for a resource's attribute, or undefined when the type has none. */
export function tfAttribute(type: string, attribute: 'arn' | 'id' | 'name'): string | undefined {
  const own = REFERENCES.terraform.byType[type]?.[attribute];
  if (own === null) return undefined;
  return own ?? REFERENCES.terraform.default[attribute];
}
