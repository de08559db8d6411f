import type { ErrorView } from '../../data/errors';

/** The fields named in a validation problem's `errors[].path` (`body.password` → `password`), each once. */
export function problemFields(error: ErrorView): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  if (error.kind !== 'problem') return fields;
  for (const { path, message } of error.errors) {
    const field = path.replace(/^body[./]/, '').split(/[./]/)[0] ?? path;
    fields.set(field, [...(fields.get(field) ?? []), message]);
  }
  return fields;
}
