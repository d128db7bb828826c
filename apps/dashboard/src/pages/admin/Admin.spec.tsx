import { NeuroGraph } from '@neurograph/sdk';
import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the admin page', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer({ users: [{ username: 'vera', password: 'viewer-password', role: 'viewer' }] });
  });

  it('creates an API key shown once, which then works, and revokes it', async () => {
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/admin');
    const keys = await screen.findByRole('region', { name: 'API keys' });
    fireEvent.change(within(keys).getByLabelText('Name'), { target: { value: 'ingest' } });
    fireEvent.change(within(keys).getByLabelText('Scopes'), { target: { value: 'signals:write, modules:read' } });
    fireEvent.click(within(keys).getByRole('button', { name: 'Create key' }));
    const secret = (await within(keys).findByTestId('new-key')).textContent!;
    expect(secret).toMatch(/^ng_/);
    const row = await within(keys).findByRole('row', { name: /ingest/ });
    expect(row).toHaveTextContent('signals:write, modules:read');
    expect(row).not.toHaveTextContent(secret);

    const withKey = await server.fetch('http://neurograph.fake/api/v1/modules', { headers: { 'x-api-key': secret } });
    expect(withKey.status).toBe(200);
    fireEvent.click(within(keys).getByRole('button', { name: 'I have stored it' }));
    expect(within(keys).queryByTestId('new-key')).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(row).toHaveTextContent('revoked'));
    expect((await server.fetch('http://neurograph.fake/api/v1/modules', { headers: { 'x-api-key': secret } })).status).toBe(401);
    expect(await screen.findByRole('cell', { name: 'apikey.revoke' })).toBeInTheDocument();
  });

  it('creates a user, changes a role and disables the account', async () => {
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/admin');
    const users = await screen.findByRole('region', { name: 'Users' });
    fireEvent.change(within(users).getByLabelText('Username'), { target: { value: 'dora' } });
    fireEvent.change(within(users).getByLabelText('Password'), { target: { value: 'developer-password' } });
    fireEvent.change(within(users).getByLabelText('Role'), { target: { value: 'developer' } });
    fireEvent.click(within(users).getByRole('button', { name: 'Create user' }));
    const row = await within(users).findByRole('row', { name: /dora/ });
    fireEvent.change(within(row).getByLabelText('Role of dora'), { target: { value: 'viewer' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(row).toHaveTextContent('disabled'));
    const dora = (await new NeuroGraph(server.clientOptions()).users.list()).items.find((u) => u.username === 'dora');
    expect(dora).toMatchObject({ role: 'viewer', disabled: true });
  });

  it('is not offered to a viewer', async () => {
    await signIn(server, 'vera', 'viewer-password');
    await screen.findByRole('heading', { name: 'Overview' });
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
  });
});
