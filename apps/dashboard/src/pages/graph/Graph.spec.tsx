import { NeuroGraph } from '@neurograph/sdk';
import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the graph page', () => {
  it('draws the subgraph around a token and spreads activation through it', async () => {
    const server = new FakeServer();
    const client = new NeuroGraph(server.clientOptions());
    const first = await client.signals.emitText({ text: 'the kettle is boiling', space: 'g', conversationId: 'c' });
    for (const text of ['the kettle is whistling', 'the tea is ready', 'the cup is warm']) await client.signals.emitText({ text, space: 'g', conversationId: 'c' });
    const expected = await client.graph.subgraph('g', first.tokenId, { depth: 2, maxNodes: 60 });
    expect(expected.edges.length).toBeGreaterThan(0);

    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/graph');
    fireEvent.change(await screen.findByLabelText('Space'), { target: { value: 'g' } });
    fireEvent.change(screen.getByLabelText('Token id'), { target: { value: String(first.tokenId) } });
    fireEvent.click(screen.getByRole('button', { name: 'Show subgraph' }));
    const view = await screen.findByRole('img', { name: `The graph around token ${first.tokenId}` });
    expect(view.querySelectorAll('[data-token]')).toHaveLength(expected.nodes.length);
    expect(view.querySelectorAll('line')).toHaveLength(expected.edges.length);

    fireEvent.click(screen.getByRole('button', { name: 'Spread activation' }));
    await waitFor(() => expect(view.querySelector(`[data-token="${first.tokenId}"]`)?.getAttribute('data-activation')).toBeTruthy());
    await waitFor(() => expect(view.querySelectorAll('[data-activation]').length).toBeGreaterThan(1), { timeout: 3000 });
  });
});
