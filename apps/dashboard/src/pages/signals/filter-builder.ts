/** One condition of the filter builder: a field of the signal event, an operator, a typed-in value. */
export interface Condition {
  field: string;
  operator: Operator;
  value: string;
}

export const OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$contains', '$in', '$exists', '$regex'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Fields worth offering first; any dotted path of the event is accepted. */
export const FIELDS = ['type', 'space', 'tags', 'source.sensorId', 'priority', 'result.isNovel', 'result.anomalyScore', 'payload'] as const;

/** What the user typed, as JSON when it parses (numbers, booleans, arrays), else as text. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The conditions as one filter of the filter language (01-core.md §4): every condition must hold;
 * several operators on one field are merged (`{priority: {$gt: 1, $lt: 9}}`). Empty fields are skipped.
 */
export function buildFilter(conditions: readonly Condition[]): Record<string, Record<string, unknown>> | undefined {
  const filter: Record<string, Record<string, unknown>> = {};
  for (const { field, operator, value } of conditions) {
    const path = field.trim();
    if (path === '') continue;
    const parsed = operator === '$in' && !value.trim().startsWith('[') ? value.split(',').map((part) => valueOf(part.trim())) : operator === '$regex' ? value : valueOf(value);
    filter[path] = { ...filter[path], [operator]: operator === '$exists' ? parsed !== false : parsed };
  }
  return Object.keys(filter).length > 0 ? filter : undefined;
}
