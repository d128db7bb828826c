import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the console page', () => {
  it('runs commands, shows errors in one line, recalls history with the arrow keys', async () => {
    await signIn(new FakeServer(), 'admin', FAKE_ADMIN_PASSWORD, '/console');
    const input = await screen.findByLabelText('Command');
    fireEvent.change(input, { target: { value: 'modules list' } });
    fireEvent.submit(input.closest('form')!);
    const log = screen.getByRole('log', { name: 'Console output' });
    expect(await within(log).findByText(/token_manager\s+enabled/)).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'modules disable guardian' } });
    fireEvent.submit(input.closest('form')!);
    expect(await within(log).findByText(/^error: .*\[409 MODULE_CANNOT_BE_DISABLED\]$/)).toBeInTheDocument();
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input).toHaveValue('modules list');
  });
});
