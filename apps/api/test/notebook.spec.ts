import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdk from '@neurograph/sdk';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { ADMIN_PASSWORD, freshStorage, type RunningApi, startApi, type Storage } from './harness';

/**
 * docs/notebooks/getting-started.ipynb, run as the tslab kernel would: its code cells in order, in
 * one scope with top-level await, against the real api. Only `tslab.display` is a stand-in (the
 * kernel needs Jupyter); what the notebook hands it is checked.
 */
const NOTEBOOK = join(__dirname, '../../../docs/notebooks/getting-started.ipynb');
const IMPORT = /^import .* from '([^']+)';$/;

function notebookProgram(): { imports: string[]; body: string } {
  const notebook = JSON.parse(readFileSync(NOTEBOOK, 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  const lines = notebook.cells.filter((cell) => cell.cell_type === 'code').flatMap((cell) => cell.source.join('').split('\n'));
  return { imports: lines.filter((line) => IMPORT.test(line)), body: lines.filter((line) => !IMPORT.test(line)).join('\n') };
}

describe('the notebook guide', () => {
  let storage: Storage;
  let api: RunningApi;

  beforeAll(async () => {
    storage = await freshStorage();
    api = await startApi(storage.env);
  });
  afterAll(async () => {
    await api.close();
    await storage.dispose();
  });

  it('connects, emits, searches and renders three HTML tables', async () => {
    const { imports, body } = notebookProgram();
    expect(imports.map((line) => IMPORT.exec(line)?.[1])).toEqual(['@neurograph/sdk', 'tslab']);
    const source = `${imports.join('\n')}\nexport async function run() {\n${body}\n}\n`;
    const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } });

    const rendered: string[] = [];
    const modules: Record<string, unknown> = { '@neurograph/sdk': sdk, tslab: { display: { html: (html: string) => rendered.push(html) } } };
    const exports: { run?: () => Promise<void> } = {};
    const env = { ...process.env, NEUROGRAPH_URL: api.origin, NEUROGRAPH_PASSWORD: ADMIN_PASSWORD };
    new Function('require', 'exports', 'process', 'console', outputText)((name: string) => modules[name], exports, { env }, { log: () => undefined });
    await exports.run!();

    expect(rendered).toHaveLength(3);
    const rows = (html: string) => html.match(/<tr>/g)!.length - 1;
    const [learned, found, log] = rendered as [string, string, string];
    expect(learned).toMatch(/^<table><thead><tr><th>text<\/th><th>token<\/th><th>novel<\/th>/);
    expect(rows(learned)).toBe(4);
    expect(learned).toContain('the kettle is boiling');
    expect(rows(found)).toBe(3);
    expect(found).toMatch(/<td>the kettle is (boiling|whistling)<\/td>/);
    expect(rows(log)).toBe(4);
  });
});
