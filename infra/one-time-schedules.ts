import { Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup, type IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The group every one-time schedule goes in (shared/scheduling; the local platform's is petpro-local-reminders). */
export const oneTimeScheduleGroupName = (stage: string): string => `petpro-${stage}-reminders`;

export interface OneTimeScheduleResourcesProps {
  stage: string;
  bus: IEventBus;
  /** RETAIN in prod: deleting a group deletes its pending schedules. */
  removalPolicy: RemovalPolicy;
}

/**
 * What one-time schedules (EventBridge Scheduler `at()` schedules whose target is the bus) need:
 * their schedule group, and the role Scheduler assumes to run them — allowed PutEvents on the bus
 * only, assumable by Scheduler only for schedules of this group in this account. Lives in the
 * stateful stack: the group holds pending schedules (reminders), which a redeploy of the stateless
 * stack must not drop. Functions get it through PlatformResources.oneTimeSchedules.
 */
export class OneTimeScheduleResources extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: OneTimeScheduleResourcesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: oneTimeScheduleGroupName(props.stage),
      removalPolicy: props.removalPolicy,
    });
    this.role = new Role(this, 'SchedulerRole', {
      // Confused-deputy guard, as CDK's own schedule targets set it: this account's Scheduler, this group.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
      description: `PetPro ${props.stage}: EventBridge Scheduler puts one-time schedules' events on the bus`,
      inlinePolicies: {
        putEvents: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'PutEvents',
              actions: ['events:PutEvents'],
              resources: [props.bus.eventBusArn],
            }),
          ],
        }),
      },
    });
  }
}

/**
 * Without a dead-letter queue, an event Scheduler gave up on (its retry policy exhausted) is only
 * counted: any such drop in the group alarms, so an operator can replay the reminder.
 */
export function droppedSchedulesAlarm(scope: Construct, group: IScheduleGroup, topic: ITopic): Alarm {
  const alarm = new Alarm(scope, 'DroppedOneTimeSchedulesAlarm', {
    metric: group.metricDropped({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription:
      'EventBridge Scheduler dropped one-time schedule invocations (PutEvents to the bus kept failing): their events never reached the bus',
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
