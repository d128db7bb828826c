import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../test-utils.js';

/** The app against the SDK's in-memory fake: the real client, engine, permissions and errors. */

describe('the dashboard', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer({ users: [{ username: 'vera', password: 'viewer-password', role: 'viewer' }] });
  });

  it('refuses a wrong password with the server message, then signs in and shows the overview', async () => {
    await signIn(server, 'admin', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent(/Wrong username or password/);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: FAKE_ADMIN_PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(await screen.findByText(/10 of 10 modules active/)).toBeInTheDocument();
  });

  it('lets an admin disable a module after a confirmation, and enable it again', async () => {
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD);
    fireEvent.click(await screen.findByRole('link', { name: 'Modules' }));
    const card = (await screen.findByRole('heading', { name: 'Intuition engine' })).closest('li')!;
    fireEvent.click(within(card).getByRole('switch'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Disable Intuition engine?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(server.engine.modules.get('intuition_engine').state.enabled).toBe(false));
    await waitFor(() => expect(within(card).getByRole('switch')).not.toBeChecked());
    fireEvent.click(within(card).getByRole('switch'));
    await waitFor(() => expect(server.engine.modules.get('intuition_engine').state.enabled).toBe(true));
    expect(within((await screen.findByRole('heading', { name: 'Guardian' })).closest('li')!).queryByRole('switch')).toBeNull();
  });

  it('shows a viewer no switches, and remembers theme and language', async () => {
    await signIn(server, 'vera', 'viewer-password');
    fireEvent.click(await screen.findByRole('link', { name: 'Modules' }));
    await screen.findByRole('heading', { name: 'Intuition engine' });
    expect(screen.queryAllByRole('switch')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'ru' } });
    expect(await screen.findByRole('heading', { name: 'Модули' })).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Тема'), { target: { value: 'dark' } });
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('neurograph.language')).toBe('ru');
    expect(localStorage.getItem('neurograph.theme')).toBe('dark');
  });
});
