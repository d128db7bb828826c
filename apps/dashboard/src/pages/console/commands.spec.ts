import { NeuroGraph } from '@neurograph/sdk';
import { FakeServer } from '@neurograph/sdk/testing';
import { describe, expect, it } from 'vitest';
import { execute, parse, tokenize } from './commands.js';

describe('the console commands', () => {
  it('splits a line into words with quotes, positionals and options', () => {
    expect(tokenize(`signals emit --text "the pump hums" --space 'a b'`)).toEqual(['signals', 'emit', '--text', 'the pump hums', '--space', 'a b']);
    expect(parse(['grid', '-k', '3', '--space', 's'])).toEqual({ args: ['grid'], options: { k: '3', space: 's' } });
  });

  it('runs CLI commands through the SDK and refuses unknown ones', async () => {
    const server = new FakeServer();
    const client = new NeuroGraph(server.clientOptions());
    expect(JSON.parse(await execute(client, 'neurograph signals emit --text "hello" --space c'))).toMatchObject({ processed: true });
    expect(await execute(client, 'modules list')).toMatch(/^token_manager\s+enabled/m);
    expect(JSON.parse(await execute(client, 'modules disable intuition_engine'))).toMatchObject({ enabled: false });
    expect(await execute(client, 'signals list --space c')).toMatch(/ c signal\.input\.external\.text\.chat novel/);
    await expect(execute(client, 'modules get')).rejects.toThrow('missing ID');
    await expect(execute(client, 'modules disable guardian')).rejects.toMatchObject({ code: 'MODULE_CANNOT_BE_DISABLED' });
    await expect(execute(client, 'launch rockets')).rejects.toThrow('unknown command "launch rockets"');
  });
});
