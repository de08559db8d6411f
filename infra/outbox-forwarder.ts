import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_FORWARDER_ENTRY } from '#shared/manifest/registry.ts';
import { tableDefinition } from '#shared/table/definition.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { PetProFunction, type FunctionDefaults } from './function.ts';
import { acknowledge } from './nag.ts';

export interface OutboxForwarderProps {
  table: ITableV2;
  bus: IEventBus;
  defaults: FunctionDefaults;
}

/**
 * Table stream -> EventBridge: shared/events/outbox-forwarder.ts on the table stream. Only
 * outbox INSERTs reach the function (an event-source filter mirrors the handler's own check),
 * failed records are retried, bisected, and after the retries described in a DLQ message.
 */
export class OutboxForwarder extends Construct {
  readonly handler: PetProFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: OutboxForwarderProps) {
    super(scope, id);
    this.handler = new PetProFunction(this, 'Forwarder', {
      entry: OUTBOX_FORWARDER_ENTRY,
      service: 'outbox-forwarder',
      description: 'Outbox forwarder: table stream (OUTBOX# inserts) -> event bus',
      access: { eventBus: true },
      resources: { bus: props.bus },
      defaults: props.defaults,
      timeout: Duration.seconds(60),
      memorySize: 512,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue IS a dead-letter queue: the on-failure destination of the outbox stream mapping (a Lambda event-source destination, which cdk-nag does not recognise as DLQ use).',
    );

    this.handler.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { [tableDefinition.partitionKey]: { S: FilterRule.beginsWith(OUTBOX_KEY_PREFIX) } } },
          }),
        ],
      }),
    );
  }
}
