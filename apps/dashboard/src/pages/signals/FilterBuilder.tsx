import { useT } from '../../app/preferences.js';
import { type Condition, FIELDS, OPERATORS, type Operator } from './filter-builder.js';

/** Rows of field / operator / value; every row must hold (the filter is shown as the server gets it). */
export function FilterBuilder({ conditions, onChange }: { conditions: Condition[]; onChange(conditions: Condition[]): void }) {
  const t = useT();
  const update = (index: number, patch: Partial<Condition>) => onChange(conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <fieldset className="filter-builder">
      <legend>{t('signals.filter')}</legend>
      <datalist id="filter-fields">
        {FIELDS.map((field) => (
          <option key={field} value={field} />
        ))}
      </datalist>
      {conditions.map((condition, index) => (
        <div className="condition" key={index}>
          <input aria-label={t('signals.filterField')} list="filter-fields" value={condition.field} onChange={(event) => update(index, { field: event.target.value })} />
          <select aria-label={t('signals.filterOperator')} value={condition.operator} onChange={(event) => update(index, { operator: event.target.value as Operator })}>
            {OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {operator}
              </option>
            ))}
          </select>
          <input aria-label={t('signals.filterValue')} value={condition.value} onChange={(event) => update(index, { value: event.target.value })} />
          <button type="button" aria-label={t('signals.filterRemove')} onClick={() => onChange(conditions.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...conditions, { field: 'tags', operator: '$contains', value: '' }])}>
        {t('signals.filterAdd')}
      </button>
    </fieldset>
  );
}
