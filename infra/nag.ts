import { Stack, Validations, type App } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 runs as a CDK policy-validation plugin (NOT an Aspect: that form crashes in v3).
 * Findings go to the cloud assembly's validation report; `cdk synth` prints them and fails on
 * errors. Suppressions are `Validations.of(construct).acknowledge({ id, reason })`
 * (cdk-nag 3 removed `NagSuppressions`), each with its reason, on the narrowest construct.
 * The pack walks the construct tree from the app, so it checks the resources of nested stacks (the
 * domains' stacks in the Api stack) like any other, and an acknowledgement counts on the construct
 * it is made on and below it, whichever stack that is in (nag.test.ts has a control for both).
 */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export interface WildcardRule {
  /** The statement (by Sid) whose wildcard resources this reason covers… */
  sid?: string;
  /** …or, for statements CDK grants write without a Sid, the action they allow. */
  action?: string;
  reason: string;
}

interface PolicyDocumentJson {
  Statement?: { Sid?: string; Effect?: string; Action?: string | string[]; Resource?: unknown }[];
}

/**
 * AwsSolutions-IAM5 reports each wildcard resource as its own finding, named after the
 * resolved resource (`AwsSolutions-IAM5[Resource::<flattened ARN>]`), and v3 only accepts the
 * exact finding id. An ARN from the other stack only takes its final form (Fn::ImportValue)
 * when the app is prepared, so the exact ids are computed then: in a construct validation,
 * which CDK runs after cross-stack references are resolved and before the plugins. Only
 * wildcards in the statements named by `rules` (Sid) are acknowledged — a wildcard anywhere
 * else (e.g. added by a CDK grant) stays a finding.
 */
export function acknowledgeWildcardResources(owner: IConstruct, rules: readonly WildcardRule[]): void {
  owner.node.addValidation({
    validate: () => {
      // Statements live in AWS::IAM::Policy resources or inline in AWS::IAM::Role.
      const holders: [CfnPolicy | CfnRole, PolicyDocumentJson][] = [];
      for (const child of owner.node.findAll()) {
        if (child instanceof CfnPolicy)
          holders.push([child, Stack.of(child).resolve(child.policyDocument) as PolicyDocumentJson]);
        if (child instanceof CfnRole) {
          const inline = (Stack.of(child).resolve(child.policies) ?? []) as { policyDocument: PolicyDocumentJson }[];
          for (const policy of inline) holders.push([child, policy.policyDocument]);
        }
      }
      for (const [holder, document] of holders) {
        for (const statement of document.Statement ?? []) {
          const actions = ([] as string[]).concat(statement.Action ?? []);
          const rule = rules.find(
            ({ sid, action }) =>
              (sid !== undefined && sid === statement.Sid) || (action !== undefined && actions.includes(action)),
          );
          if (statement.Effect !== 'Allow' || !rule) continue;
          const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
          for (const resource of resources) {
            const flat = flattenCfnReference(resource);
            if (flat.includes('*')) acknowledge(holder, `AwsSolutions-IAM5[Resource::${flat}]`, rule.reason);
          }
        }
      }
      return [];
    },
  });
}
