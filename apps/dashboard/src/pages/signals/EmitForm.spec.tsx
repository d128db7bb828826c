import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the emit form', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = new FakeServer();
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/signals');
    await screen.findByRole('heading', { name: 'Send a signal' });
  });

  it('sends a text and a vector as the chosen sensor, and shows what the engine learned', async () => {
    // The form loads the sensor list on its own schedule: that GET may come after a POST.
    const lastEmit = () => server.requests.filter((r) => r.method === 'POST' && r.path === '/signals').at(-1);
    fireEvent.change(screen.getByLabelText('Text', { selector: 'textarea' }), { target: { value: 'the pump hums' } });
    fireEvent.change(screen.getByLabelText('Space'), { target: { value: 'ui' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/→ token 0 \(novel\)/)).toBeInTheDocument();
    expect(lastEmit()).toMatchObject({ body: { payload: 'the pump hums', space: 'ui', sensor: 'text.chat' } });

    fireEvent.click(screen.getByRole('radio', { name: 'Vector' }));
    fireEvent.change(screen.getByLabelText('Eight numbers, comma-separated'), { target: { value: '0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(lastEmit()).toMatchObject({ body: { vector: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], sensor: 'vector' } }));
  });

  it('refuses a malformed vector or JSON before sending, and shows the server refusal otherwise', async () => {
    fireEvent.click(screen.getByRole('radio', { name: 'Vector' }));
    fireEvent.change(screen.getByLabelText('Eight numbers, comma-separated'), { target: { value: '1,2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A vector is eight numbers separated by commas');
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    fireEvent.change(screen.getByLabelText('JSON payload'), { target: { value: '{nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The payload is not valid JSON');
    const sent = server.requests.filter((r) => r.path === '/signals').length;
    expect(sent).toBe(0);

    fireEvent.change(screen.getByLabelText('Space'), { target: { value: 'Not A Space!' } });
    fireEvent.change(screen.getByLabelText('JSON payload'), { target: { value: '{"a":1}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/space/i);
  });
});
