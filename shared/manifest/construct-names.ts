/**
 * Where CDK puts each manifest handler's Lambda function: the construct ids from the Api stack down
 * (infra/api-stack.ts → infra/domain-construct.ts → infra/function.ts all name them through this
 * module, and docs/routes.md prints them; infra/construct-names.test.ts checks they agree).
 */
export type FunctionKind = 'route' | 'subscription' | 'schedule' | 'task';

/** The Api stack's nested stack for a domain (decision 0010). */
export const domainStackId = (domain: string): string => `Domain-${domain}`;

/** The construct grouping a domain's functions of one kind. */
export const FUNCTION_GROUP_IDS: Readonly<Record<FunctionKind, string>> = {
  route: 'Routes',
  subscription: 'Subscriptions',
  schedule: 'Schedules',
  task: 'Tasks',
};

/** Subscriptions and schedules own a construct per entry (queues and rule, scheduler role) holding the function as `Handler`. */
export const ENTRY_HANDLER_ID = 'Handler';

/** PetProFunction's Lambda function construct (its CloudFormation resource is `<path>/Resource`). */
export const LAMBDA_FUNCTION_ID = 'Function';

/** The ids from the domain's nested stack to a handler's PetProFunction (its scope), e.g. `['booking', 'Routes', 'createBooking']`. */
export function functionScopeIds(domain: string, kind: FunctionKind, name: string): string[] {
  return [
    domain,
    FUNCTION_GROUP_IDS[kind],
    name,
    ...(kind === 'subscription' || kind === 'schedule' ? [ENTRY_HANDLER_ID] : []),
  ];
}

/** The construct path of a handler's Lambda function below the Api stack: `Domain-booking/booking/Routes/createBooking/Function`. */
export function functionConstructPath(domain: string, kind: FunctionKind, name: string): string {
  return [domainStackId(domain), ...functionScopeIds(domain, kind, name), LAMBDA_FUNCTION_ID].join('/');
}
