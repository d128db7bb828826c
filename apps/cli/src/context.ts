import { NeuroGraph, type NeuroGraphOptions } from '@neurograph/sdk';
import type { Command } from 'commander';
import { parseInteger } from './input.js';
import { Output, wantsColour } from './output.js';
import { type Profile, ProfileStore } from './profiles.js';

export const DEFAULT_URL = 'http://localhost:3000';

/** The options every command accepts (before or after the command's name). */
export interface GlobalOptions {
  profile: string;
  url?: string;
  apiKey?: string;
  json?: boolean;
  color: boolean;
  debug?: boolean;
  timeout: string;
}

/** Which server and credentials a command uses, and where each came from. */
export interface Target {
  url: string;
  urlSource: 'flag' | 'env' | 'profile' | 'default';
  auth: { apiKey: string; source: 'flag' | 'env' | 'profile' } | { username: string; accessToken?: string; refreshToken?: string } | undefined;
}

/**
 * What commands share: the parsed global options, the output, the profile store and a client
 * for the resolved target. Flags beat environment variables, which beat the saved profile.
 */
export class Cli {
  private cachedOutput: Output | undefined;
  private cachedClient: NeuroGraph | undefined;

  constructor(
    private readonly program: Command,
    readonly store: ProfileStore = new ProfileStore(),
  ) {}

  get options(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  get out(): Output {
    this.cachedOutput ??= new Output(this.options.json === true, wantsColour(process.stdout, process.env, this.options.color));
    return this.cachedOutput;
  }

  get profile(): Profile | undefined {
    return this.store.get(this.options.profile);
  }

  target(): Target {
    const profile = this.profile;
    const source = (option: string): 'flag' | 'env' => (this.program.getOptionValueSource(option) === 'env' ? 'env' : 'flag');
    const { url: urlFlag, apiKey } = this.options;
    const url = urlFlag ?? profile?.url ?? DEFAULT_URL;
    const urlSource = urlFlag ? source('url') : profile?.url ? 'profile' : 'default';
    // A saved profile's credentials belong to its server: another --url does not get them.
    const sameServer = profile !== undefined && (urlFlag === undefined || sameOrigin(urlFlag, profile.url));
    const auth = apiKey
      ? { apiKey, source: source('apiKey') }
      : sameServer && profile.apiKey
        ? { apiKey: profile.apiKey, source: 'profile' as const }
        : sameServer && profile.username
          ? { username: profile.username, accessToken: profile.accessToken, refreshToken: profile.refreshToken }
          : undefined;
    return { url, urlSource, auth };
  }

  client(): NeuroGraph {
    if (this.cachedClient) return this.cachedClient;
    const { url, auth } = this.target();
    const common = { baseUrl: url, timeoutMs: parseInteger(this.options.timeout, '--timeout', 1) };
    const options: NeuroGraphOptions =
      auth && 'apiKey' in auth
        ? { ...common, apiKey: auth.apiKey }
        : auth?.accessToken
          ? { ...common, token: auth.accessToken, refreshToken: auth.refreshToken }
          : common;
    this.cachedClient = new NeuroGraph(options);
    // Saved as soon as they change: a long `subscribe` renews its token in the background, and a
    // process killed before it exits must not leave a spent refresh token in the profile.
    this.cachedClient.auth.onTokens(() => this.persistTokens());
    return this.cachedClient;
  }

  /** A client that is not tied to the saved profile (login tries credentials with it). */
  clientFor(options: NeuroGraphOptions): NeuroGraph {
    return new NeuroGraph({ timeoutMs: parseInteger(this.options.timeout, '--timeout', 1), ...options });
  }

  /** Keeps the profile's tokens current: the server rotates the refresh token on every refresh. */
  private persistTokens(): void {
    const tokens = this.cachedClient?.auth.tokens;
    const profile = this.profile;
    if (!tokens || !profile?.username || tokens.refreshToken === profile.refreshToken) return;
    this.store.save(this.options.profile, { ...profile, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
