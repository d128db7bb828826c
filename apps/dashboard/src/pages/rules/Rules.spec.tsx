import { NeuroGraph } from '@neurograph/sdk';
import { FAKE_ADMIN_PASSWORD, FakeServer } from '@neurograph/sdk/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../test-utils.js';

describe('the rules page', () => {
  it('creates a rule with the filter builder, which then fires; toggles, edits and deletes it; shows the action log', async () => {
    const server = new FakeServer();
    await new NeuroGraph(server.clientOptions()).signals.emitText({ text: 'something new', space: 'r' });
    await signIn(server, 'admin', FAKE_ADMIN_PASSWORD, '/rules');
    const log = await screen.findByRole('table', { name: 'Action log' });
    await waitFor(() => expect(within(log).getAllByRole('row').length).toBeGreaterThan(1));

    fireEvent.click(screen.getByRole('button', { name: 'New rule' }));
    const form = screen.getByRole('form', { name: 'New rule' });
    fireEvent.change(within(form).getByLabelText('Id'), { target: { value: 'alarm-log' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Alarms' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add condition' }));
    fireEvent.change(within(form).getByLabelText('Value'), { target: { value: 'alarm' } });
    fireEvent.change(within(form).getByLabelText('Action parameters (JSON)'), { target: { value: '{"message": "not JSON' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('The action parameters are not valid JSON');
    fireEvent.change(within(form).getByLabelText('Action parameters (JSON)'), { target: { value: '{"message": "alarm"}' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(server.engine.actions.rule('alarm-log')).toMatchObject({ name: 'Alarms', when: { tags: { $contains: 'alarm' } }, actions: [{ type: 'log' }] }));

    const fired = await new NeuroGraph(server.clientOptions()).signals.emit({ vector: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3], tags: ['alarm'] });
    expect(fired.triggeredActions.map((a) => a.ruleId)).toContain('alarm-log');

    const row = await screen.findByRole('row', { name: /Alarms/ });
    fireEvent.click(within(row).getByRole('switch', { name: 'Alarms enabled' }));
    await waitFor(() => expect(server.engine.actions.rule('alarm-log')?.enabled).toBe(false));
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const edit = screen.getByRole('form', { name: 'Editing Alarms' });
    expect(within(edit).getByLabelText('Value')).toHaveValue('alarm');
    fireEvent.change(within(edit).getByLabelText('Name'), { target: { value: 'Alarms (log)' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(server.engine.actions.rule('alarm-log')?.name).toBe('Alarms (log)'));
    fireEvent.click(within(await screen.findByRole('row', { name: /Alarms \(log\)/ })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(server.engine.actions.rule('alarm-log')).toBeUndefined());
  });
});
