import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../test-utils.js';

describe('the module config editor', () => {
  it('builds a form from the JSON Schema, shows the server refusal inline, and saves a valid config', async () => {
    const server = new FakeServer();
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/modules');
    const card = (await screen.findByRole('heading', { name: 'Grid' })).closest('li')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Configure' }));
    const form = await within(card).findByRole('form', { name: 'Configuration of grid' });
    const neighbours = within(form).getByLabelText('maxNeighbors');
    expect(neighbours).toHaveValue(10);

    fireEvent.change(neighbours, { target: { value: '-5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save configuration' }));
    await waitFor(() => expect(neighbours).toHaveAttribute('aria-invalid', 'true'));
    expect(within(form).getByText(/must be/)).toBeInTheDocument();
    expect(server.engine.modules.get('grid').state.config['maxNeighbors']).toBe(10);

    fireEvent.change(neighbours, { target: { value: '4' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save configuration' }));
    await waitFor(() => expect(server.engine.modules.get('grid').state.config['maxNeighbors']).toBe(4));
  });
});
