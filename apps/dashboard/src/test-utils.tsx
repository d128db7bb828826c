import type { FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, render, screen } from '@testing-library/react';
import { App } from './app/App.js';

/** Renders the app at `path` against the fake server (no real-time) and submits the sign-in form. */
export async function signIn(server: FakeServer, username: string, password: string, path = '/'): Promise<void> {
  window.history.replaceState(null, '', path);
  render(<App server={{ baseUrl: server.clientOptions().baseUrl, fetch: server.fetch, realtime: false }} />);
  fireEvent.change(await screen.findByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}
