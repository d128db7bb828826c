import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the constitution page', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = new FakeServer();
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/constitution');
    await screen.findByRole('heading', { name: 'Dimension scales' });
  });

  it('checks scales with the server as they move, saves a valid change as a new version, shows its diff and rolls back', async () => {
    const save = screen.getByRole('button', { name: 'Save as a new version' });
    fireEvent.change(screen.getByLabelText('physical'), { target: { value: '10' } });
    fireEvent.change(screen.getByLabelText('motor'), { target: { value: '0.1' } });
    expect(await screen.findByText(/no scale may exceed 10× another/)).toBeInTheDocument();
    expect(save).toBeDisabled();

    fireEvent.change(screen.getByLabelText('motor'), { target: { value: '2' } });
    await waitFor(() => expect(screen.queryByText(/no scale may exceed/)).toBeNull());
    await waitFor(() => expect(save).toBeEnabled());
    fireEvent.click(save);
    await waitFor(() => expect(server.engine.constitution.current.version).toBe(2));
    expect(server.engine.constitution.current.dimensionScales.slice(0, 3)).toEqual([10, 1, 2]);

    const history = screen.getByRole('list', { name: 'History' });
    fireEvent.click(await within(history).findByRole('button', { name: /Version 2/ }));
    expect(await within(history).findByRole('cell', { name: 'dimensionScales.0' })).toBeInTheDocument();
    fireEvent.click(within(history).getAllByRole('button', { name: 'Roll back to this version' })[0]!);
    await waitFor(() => expect(server.engine.constitution.current.version).toBe(3));
    expect(server.engine.constitution.current.dimensionScales[0]).toBe(1);
  });

  it('applies a profile', async () => {
    fireEvent.click(screen.getByRole('button', { name: 'explorer' }));
    await waitFor(() => expect(server.engine.constitution.current.profile).toBe('explorer'));
    expect(await screen.findByRole('button', { name: 'explorer', pressed: true })).toBeInTheDocument();
  });

  it('puts edited scales in quarantine, shows the candidate and goes back to the baseline', async () => {
    fireEvent.change(screen.getByLabelText('sensory'), { target: { value: '2' } });
    const start = screen.getByRole('button', { name: 'Try for 1 min' });
    await waitFor(() => expect(start).toBeEnabled());
    fireEvent.click(start);
    const region = await screen.findByRole('region', { name: 'Quarantine' });
    expect(region).toHaveTextContent(/Candidate version \d+ runs until/);
    expect(server.engine.constitution.quarantineStatus()?.candidate.dimensionScales[1]).toBe(2);
    fireEvent.click(within(region).getByRole('button', { name: 'Go back to the baseline' }));
    await waitFor(() => expect(server.engine.constitution.quarantineStatus()).toBeNull());
    expect(server.engine.constitution.current.dimensionScales[1]).toBe(1);
  });
});
