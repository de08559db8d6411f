import { isApiProblem } from '@petpro/api-client';

/**
 * The form fields an API refusal names (`errors[].path` like `body.weightKg`), marked `rejected`: the
 * API's own messages are English and technical, so the field shows the app's words and the problem's
 * title (in the customer's language) sits above the form.
 */
export function rejectedFields<Field extends string>(
  error: unknown,
  fieldOf: Readonly<Record<string, Field>>,
): Partial<Record<Field, 'rejected'>> {
  if (!isApiProblem(error)) return {};
  const fields: Partial<Record<Field, 'rejected'>> = {};
  for (const { path } of error.errors) {
    const name = path.replace(/^body[./]/, '').split(/[./[]/)[0] ?? '';
    const field = Object.hasOwn(fieldOf, name) ? fieldOf[name] : undefined;
    if (field) fields[field] = 'rejected';
  }
  return fields;
}
