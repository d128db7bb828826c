import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A saved server and the credentials to reach it: an API key, or a user's tokens (never a password). */
export interface Profile {
  url: string;
  apiKey?: string;
  username?: string;
  accessToken?: string;
  refreshToken?: string;
}

interface ProfileFile {
  profiles: Record<string, Profile>;
}

/** `$NEUROGRAPH_CONFIG_DIR`, else the platform's user config folder. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['NEUROGRAPH_CONFIG_DIR']) return env['NEUROGRAPH_CONFIG_DIR'];
  if (process.platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'neurograph');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'neurograph');
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'neurograph');
}

/** The profiles file. It holds secrets, so it is readable by its owner only (0600, in a 0700 folder). */
export class ProfileStore {
  readonly path: string;

  constructor(readonly dir: string = configDir()) {
    this.path = join(dir, 'profiles.json');
  }

  get(name: string): Profile | undefined {
    return this.read().profiles[name];
  }

  names(): string[] {
    return Object.keys(this.read().profiles);
  }

  save(name: string, profile: Profile): void {
    const file = this.read();
    file.profiles[name] = profile;
    this.write(file);
  }

  remove(name: string): boolean {
    const file = this.read();
    if (!file.profiles[name]) return false;
    delete file.profiles[name];
    this.write(file);
    return true;
  }

  private read(): ProfileFile {
    if (!existsSync(this.path)) return { profiles: {} };
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<ProfileFile>;
    return { profiles: parsed.profiles ?? {} };
  }

  private write(file: ProfileFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Written beside and renamed over, so a crash never leaves half a file; the mode is set
    // before any secret is written.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}
