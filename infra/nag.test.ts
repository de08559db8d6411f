import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { loadManifests } from '#shared/manifest/registry.ts';
import { acknowledge, addNagChecks } from './nag.ts';
import { buildTestApp, removeTestOutputs, testOutdir } from './testing.ts';

/**
 * cdk-nag 3 is a policy-validation plugin: findings do not become stack Annotations (so
 * `Annotations.fromStack(...).findError(...)` sees nothing); they are written to the cloud
 * assembly's validation-report.json, and under a test runner (NODE_ENV=test → "inmemory" app
 * mode) `app.synth()` throws on any unacknowledged error. These tests read the report, so
 * warnings count too, and a negative control proves the harness sees a finding.
 */
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

function synthFindings(app: App, pluginName: string): string[] {
  let directory: string;
  try {
    directory = app.synth().directory;
  } catch (error) {
    // The message is the formatted report: show it as the failure.
    throw new Error(`synth failed validation:\n${(error as Error).message}`, { cause: error });
  }
  const report = JSON.parse(readFileSync(join(directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports
    .filter((plugin) => plugin.pluginName === pluginName)
    .flatMap((plugin) =>
      plugin.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`),
      ),
    );
}

afterAll(removeTestOutputs);

describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'prod'])('leaves no unacknowledged finding (errors or warnings) in stage %s', async (stage) => {
    const context =
      stage === 'prod'
        ? { stage, emailFrom: 'no-reply@petpro.test', allowedOrigins: 'https://app.petpro.test' }
        : { stage };
    const { app, checks } = buildTestApp(await loadManifests(), context, true);
    expect(checks).toBeDefined();
    expect(synthFindings(app, checks!.name)).toEqual([]);
    // The same answer straight from the pack, after synth (acknowledgements are complete then).
    expect(checks!.validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('reports an unacknowledged finding (negative control for the harness above)', () => {
    const app = new App({ outdir: testOutdir() });
    const checks = addNagChecks(app);
    new Queue(new Stack(app, 'Control'), 'PlainQueue');
    expect(() => synthFindings(app, checks.name)).toThrow(/AwsSolutions-SQS3/);
    expect(checks.validateScope(app).violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });

  it("checks the resources of nested stacks (the domains' stacks), and honours acknowledgements made there", () => {
    const app = new App({ outdir: testOutdir() });
    const checks = addNagChecks(app);
    const nested = new NestedStack(new Stack(app, 'Control'), 'Domain-control');
    new Queue(nested, 'PlainQueue');
    const acknowledged = new Queue(nested, 'AcknowledgedQueue');
    acknowledge(acknowledged, 'AwsSolutions-SQS3', 'Negative control: acknowledged inside a nested stack.');
    acknowledge(acknowledged, 'AwsSolutions-SQS4', 'Negative control: acknowledged inside a nested stack.');
    expect(() => synthFindings(app, checks.name)).toThrow(/AwsSolutions-SQS3/);
    const violations = checks.validateScope(app).violations;
    expect(violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
    const paths = violations.flatMap((v) => v.violatingResources.map((resource) => resource.constructPath));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((path) => path?.startsWith('Control/Domain-control/PlainQueue/'))).toBe(true);
  });
});
