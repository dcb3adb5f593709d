import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { initI18n, setLanguage } from '../lib/i18n';
import { Alert, TextField, useSubmit } from './form';

function CodeForm() {
  const form = useSubmit();
  return (
    <form
      onSubmit={form.onSubmit(async () => {
        throw new ApiError(400, 'invalid_credentials', 'The code is wrong or already used', [
          { path: 'code', message: 'wrong' },
        ]);
      })}
    >
      <Alert kind="error">{form.error}</Alert>
      <TextField label="Code" name="code" error={form.fields.code} />
      <button type="submit">Send</button>
    </form>
  );
}

describe('form submissions', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('shows specific messages and re-renders them in a newly chosen language', async () => {
    render(<CodeForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/already used/);
    expect(screen.getByText('Wrong or already used. Wait for the next code.')).toBeTruthy();
    await act(() => setLanguage('de-DE', false));
    expect(screen.getByRole('alert').textContent).toMatch(/bereits verwendet/);
    expect(screen.getByText('Falsch oder bereits verwendet. Warten Sie auf den nächsten Code.')).toBeTruthy();
    await act(() => setLanguage('en-US', false));
  });
});
