import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/**
 * `helm template` for machines without helm: helm-render/main.go (Go's text/template with Sprig,
 * Helm's functions and objects), built from Debian's Go packages (`golang-go`,
 * `golang-github-masterminds-sprig-dev`, `golang-gopkg-yaml.v3-dev`, which .ci/run installs).
 */
export const CHART = join(__dirname, '../../../k8s/helm/neurograph');
const DEBIAN_GO_SOURCES = '/usr/share/gocode/src';
/** The GOPATH of links, Go's build cache, the binary and values files: reused by every run, never in git. */
const WORK = join(__dirname, '../../../node_modules/.cache/helm-render');

/** Chart values and rendered objects: free-form YAML that the checks read and change in place. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any YAML shape
type Yaml = Record<string, any>;

export const defaultValues = (): Yaml => parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8'));

/**
 * Debian installs Go libraries by their GOPATH import paths; Sprig v3 imports its Masterminds
 * siblings with a `/v3` suffix, so a GOPATH of links adds that path.
 */
function debianGopath(): string {
  const gopath = join(WORK, 'gopath');
  rmSync(gopath, { recursive: true, force: true });
  const src = join(gopath, 'src');
  mkdirSync(join(src, 'github.com', 'Masterminds'), { recursive: true });
  for (const entry of readdirSync(DEBIAN_GO_SOURCES)) if (entry !== 'github.com') symlinkSync(join(DEBIAN_GO_SOURCES, entry), join(src, entry));
  for (const owner of readdirSync(join(DEBIAN_GO_SOURCES, 'github.com'))) {
    if (owner !== 'Masterminds') symlinkSync(join(DEBIAN_GO_SOURCES, 'github.com', owner), join(src, 'github.com', owner));
  }
  for (const lib of readdirSync(join(DEBIAN_GO_SOURCES, 'github.com', 'Masterminds'))) {
    const target = join(DEBIAN_GO_SOURCES, 'github.com', 'Masterminds', lib);
    symlinkSync(target, join(src, 'github.com', 'Masterminds', lib));
  }
  // `github.com/Masterminds/<lib>/v3` → the same sources.
  const versioned = join(gopath, 'v3');
  for (const lib of readdirSync(join(DEBIAN_GO_SOURCES, 'github.com', 'Masterminds'))) {
    mkdirSync(join(versioned, 'src', 'github.com', 'Masterminds', lib), { recursive: true });
    symlinkSync(join(DEBIAN_GO_SOURCES, 'github.com', 'Masterminds', lib), join(versioned, 'src', 'github.com', 'Masterminds', lib, 'v3'));
  }
  return `${gopath}:${versioned}`;
}

/** Builds the renderer; undefined (with the reason) when Go or the Debian packages are missing. */
export function buildRenderer(): { binary?: string; missing?: string } {
  if (spawnSync('go', ['version']).status !== 0) return { missing: 'go (apt install golang-go)' };
  if (!existsSync(join(DEBIAN_GO_SOURCES, 'github.com/Masterminds/sprig'))) return { missing: 'Sprig (apt install golang-github-masterminds-sprig-dev)' };
  if (!existsSync(join(DEBIAN_GO_SOURCES, 'gopkg.in/yaml.v3'))) return { missing: 'yaml.v3 (apt install golang-gopkg-yaml.v3-dev)' };
  const binary = join(WORK, 'helm-render');
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: join(__dirname, 'helm-render'),
    env: { ...process.env, GO111MODULE: 'off', GOPATH: debianGopath(), GOCACHE: join(WORK, 'go-cache'), GOFLAGS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { binary };
}

/** One rendered Kubernetes object. */
export type Manifest = Yaml & { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

export interface Rendered {
  /** Every object of every template, in file order. */
  manifests: Manifest[];
  notes: string;
}

/** Renders the chart with the default values changed by `change`; throws Helm's error message. */
export function render(binary: string, change: (values: Yaml) => void = () => undefined): Rendered {
  const values = defaultValues();
  change(values);
  const valuesFile = join(WORK, `values-${process.pid}.json`);
  writeFileSync(valuesFile, JSON.stringify(values));
  const result = spawnSync(binary, [CHART, valuesFile, 'neurograph', 'neurograph'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr.trim());
  const files = JSON.parse(result.stdout) as Record<string, string>;
  const manifests: Manifest[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (file === 'NOTES.txt') continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJS();
      if (object) manifests.push(object);
    }
  }
  return { manifests, notes: files['NOTES.txt'] ?? '' };
}
