import { type JsonSchema, ValidationError } from '@neurograph/sdk';
import { type FormEvent, useState } from 'react';
import { useT } from '../app/preferences.js';
import { useClient } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Alert } from '../components/Alert.js';

type Values = Record<string, unknown>;

/** A form generated from a module's JSON Schema; the server checks it and names each refused field inline. */
export function ConfigEditor({ moduleId, onSaved }: { moduleId: string; onSaved(): void }) {
  const t = useT();
  const client = useClient();
  const loaded = useLoad(() => client.modules.getConfig(moduleId), [client, moduleId]);
  const [values, setValues] = useState<Values>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const current = values ?? loaded.data?.config;

  if (loaded.error) return <p role="alert">{t('common.error', { message: loaded.error.message })}</p>;
  if (!current || !loaded.data) return <p>{t('common.loading')}</p>;
  const properties = Object.entries(loaded.data.schema?.properties ?? {});

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    try {
      await client.modules.setConfig(moduleId, current);
      setValues(undefined);
      loaded.reload();
      onSaved();
    } catch (error) {
      if (error instanceof ValidationError && error.fields.length > 0) setErrors(Object.fromEntries(error.fields.map((f) => [f.field.replace(/^config\./, ''), f.message])));
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <form className="config-editor" onSubmit={(event) => void save(event)} aria-label={t('modules.configOf', { module: moduleId })}>
      {properties.map(([name, schema]) => (
        <Field key={name} name={name} schema={schema} value={current[name]} error={errors[name]} onChange={(value) => setValues({ ...current, [name]: value })} />
      ))}
      {properties.length === 0 && <p className="muted">{t('modules.noSettings')}</p>}
      <Alert message={failure} />
      <button type="submit" disabled={values === undefined}>
        {t('modules.saveConfig')}
      </button>
    </form>
  );
}

function Field({ name, schema, value, error, onChange }: { name: string; schema: JsonSchema; value: unknown; error?: string; onChange(value: unknown): void }) {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const id = `config-${name}`;
  const described = error ? `${id}-error` : undefined;
  let input;
  if (schema.enum) {
    input = (
      <select id={id} value={String(value)} onChange={(event) => onChange(schema.enum?.find((option) => String(option) === event.target.value))}>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    input = <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
  } else if (type === 'number' || type === 'integer') {
    // Kept as typed (even out of range): the server's refusal is the message the user needs.
    input = <input id={id} type="number" step={type === 'integer' ? 1 : 'any'} value={String(value ?? '')} aria-invalid={error ? true : undefined} aria-describedby={described} onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))} />;
  } else if (type === 'string') {
    input = <input id={id} value={String(value ?? '')} aria-invalid={error ? true : undefined} aria-describedby={described} onChange={(event) => onChange(event.target.value)} />;
  } else {
    input = <JsonField id={id} value={value} onChange={onChange} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>{name}</label>
      {input}
      {schema.description && <small className="muted">{schema.description}</small>}
      {error && (
        <small id={described} className="error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Objects and arrays as JSON text; the value changes only when the text parses. */
function JsonField({ id, value, onChange }: { id: string; value: unknown; onChange(value: unknown): void }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  return (
    <textarea
      id={id}
      rows={3}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        try {
          onChange(JSON.parse(event.target.value));
        } catch {
          // not JSON yet: keep typing
        }
      }}
    />
  );
}
