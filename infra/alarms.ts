import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { LogAlarm } from '#shared/manifest/types.ts';

/** Namespace of the metrics our log alarms count. */
export const METRIC_NAMESPACE = 'PetPro';

/** The topic every alarm notifies; operators subscribe to it (output AlarmTopicArn). */
export function alarmTopic(scope: Construct, stage: string): Topic {
  // A key of our own: CloudWatch may not use the AWS-managed SNS key to publish.
  const key = new Key(scope, 'AlarmTopicKey', { enableKeyRotation: true, description: `PetPro ${stage} alarm topic` });
  key.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
  return new Topic(scope, 'AlarmTopic', { displayName: `PetPro ${stage} alarms`, masterKey: key, enforceSSL: true });
}

function alarm(
  scope: Construct,
  id: string,
  metric: IMetric,
  threshold: number,
  description: string,
  topic: ITopic,
): Alarm {
  const created = new Alarm(scope, id, {
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
  created.addAlarmAction(new SnsAction(topic));
  return created;
}

/** A manifest's `logAlarms`: a metric filter on the function's log group counting the line, and its alarm. */
export function logAlarm(
  scope: Construct,
  id: string,
  logGroup: ILogGroup,
  spec: LogAlarm,
  metricName: string,
  topic: ITopic,
): Alarm {
  const filter = new MetricFilter(scope, `${id}Filter`, {
    logGroup,
    filterPattern: FilterPattern.stringValue('$.message', '=', spec.message),
    metricNamespace: METRIC_NAMESPACE,
    metricName,
    metricValue: '1',
  });
  return alarm(
    scope,
    id,
    filter.metric({ statistic: 'Sum', period: Duration.minutes(spec.minutes) }),
    spec.atLeast,
    spec.description,
    topic,
  );
}

/** Any message in a dead-letter queue is an event a subscriber gave up on: a human looks. */
export function deadLetterAlarm(scope: Construct, metric: IMetric, what: string, topic: ITopic): Alarm {
  return alarm(
    scope,
    'DeadLettersAlarm',
    metric,
    1,
    `Events dead-lettered by ${what}: see the queue and /dev/dead-letters locally`,
    topic,
  );
}
