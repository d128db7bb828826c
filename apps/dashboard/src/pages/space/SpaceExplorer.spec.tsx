import { NeuroGraph } from '@neurograph/sdk';
import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the space explorer', () => {
  it('loads the projection, searches by text and shows a token with its neighbours and edges', async () => {
    const server = new FakeServer();
    const client = new NeuroGraph(server.clientOptions());
    for (const text of ['the kettle is boiling', 'the kettle is whistling', 'a quiet garden', 'rain on the roof']) await client.signals.emitText({ text, space: 'home' });
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/space');
    expect(await screen.findByRole('img', { name: /tokens of space home/ })).toBeInTheDocument();
    expect(await screen.findByText(`${server.engine.space('home').size} tokens`)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Search by text'), { target: { value: 'kettle boiling' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('heading', { name: 'Nearest tokens' });
    const first = within(results.parentElement!).getAllByRole('button')[0]!;
    fireEvent.click(first);
    const panel = await screen.findByRole('complementary', { name: /Token \d+/ });
    expect(within(panel).getByRole('heading', { name: 'Neighbours' })).toBeInTheDocument();
    expect(within(panel).getByRole('heading', { name: 'Edges' })).toBeInTheDocument();
    expect(server.requests.some((r) => /\/spaces\/home\/tokens\/\d+\/edges/.test(r.path))).toBe(true);
  });
});
