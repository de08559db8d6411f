/**
 * EventBridge event-pattern matching, for the local bus: exact values, prefix, suffix,
 * anything-but, exists, numeric ranges and $or, over nested fields.
 */
type Pattern = Record<string, unknown>;

function matchesRule(value: unknown, rule: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return value === rule;
  const r = rule as Record<string, unknown>;
  if ('prefix' in r) return typeof value === 'string' && value.startsWith(String(r.prefix));
  if ('suffix' in r) return typeof value === 'string' && value.endsWith(String(r.suffix));
  if ('exists' in r) return (value !== undefined) === Boolean(r.exists);
  if ('anything-but' in r) {
    const but = r['anything-but'];
    if (Array.isArray(but)) return value !== undefined && !but.includes(value);
    if (but && typeof but === 'object') return !matchesRule(value, but);
    return value !== undefined && value !== but;
  }
  if ('numeric' in r && Array.isArray(r.numeric)) {
    if (typeof value !== 'number') return false;
    const conditions = r.numeric as (string | number)[];
    for (let i = 0; i + 1 < conditions.length; i += 2) {
      const operator = conditions[i];
      const bound = Number(conditions[i + 1]);
      const ok =
        operator === '='
          ? value === bound
          : operator === '<'
            ? value < bound
            : operator === '<='
              ? value <= bound
              : operator === '>'
                ? value > bound
                : operator === '>='
                  ? value >= bound
                  : false;
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export function matchesPattern(event: Record<string, unknown>, pattern: Pattern): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected) || !expected.some((alternative) => matchesPattern(event, alternative as Pattern)))
        return false;
      continue;
    }
    const value = event[key];
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      const existsRule = expected.find((rule) => rule && typeof rule === 'object' && 'exists' in rule);
      if (existsRule) {
        if (!matchesRule(value, existsRule)) return false;
        continue;
      }
      if (!values.some((v) => expected.some((rule) => matchesRule(v, rule)))) return false;
    } else if (expected && typeof expected === 'object') {
      if (!value || typeof value !== 'object' || !matchesPattern(value as Record<string, unknown>, expected as Pattern))
        return false;
    } else {
      return false;
    }
  }
  return true;
}
