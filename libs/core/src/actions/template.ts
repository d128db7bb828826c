/**
 * `{{path.to.value}}` placeholders filled from a document; unknown paths become empty strings.
 * Only own data is read (no prototype walk), and values are stringified, never evaluated.
 */
export function renderTemplate(template: string, doc: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = doc;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return '';
      value = (value as Record<string, unknown>)[key];
    }
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
