import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api/api-error';
import { errorMessage, fieldErrors, passwordProblems } from './errors';
import { i18next, initI18n, setLanguage } from './i18n';

const t = () => i18next.t as never;

describe('error messages', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('shows the translation of the server code, not its English message', async () => {
    const err = new ApiError(401, 'invalid_credentials', 'The email or password is wrong');
    expect(errorMessage(err, t())).toBe('That did not match. Check it and try again.');
    await setLanguage('de-DE', false);
    expect(errorMessage(err, t())).toBe(
      'Das stimmt nicht. Bitte prüfen Sie die Eingabe und versuchen Sie es noch einmal.',
    );
    await setLanguage('en-US', false);
  });

  it('does not repeat the password rules the checklist under the field already shows', () => {
    const err = new ApiError(400, 'weak_password', 'policy', [
      { path: 'password', message: 'too_short' },
      { path: 'password', message: 'needs_symbol' },
    ]);
    expect(errorMessage(err, t())).toBe('Choose a stronger password.');
    expect(fieldErrors(err, t())).toEqual({ password: 'Meet every rule in the list above.' });
  });

  it('says an authenticator code may have been used already, and which proof was wrong', () => {
    const reused = new ApiError(400, 'invalid_credentials', 'The code is wrong or already used', [
      { path: 'code', message: 'wrong' },
    ]);
    expect(errorMessage(reused, t())).toMatch(/already used.*Wait for the next code/);
    expect(fieldErrors(reused, t())).toEqual({ code: 'Wrong or already used. Wait for the next code.' });
    const password = new ApiError(400, 'invalid_credentials', 'Confirm', [
      { path: 'password', message: 'wrong or missing' },
    ]);
    expect(errorMessage(password, t())).toBe('The password is wrong. Check it and try again.');
    expect(fieldErrors(password, t())).toEqual({ password: 'Wrong password.' });
    const none = new ApiError(400, 'invalid_credentials', 'no password', [
      { path: 'password', message: 'no password is set' },
    ]);
    expect(errorMessage(none, t())).toMatch(/no password yet/);
  });

  it('says when to try again after a rate limit, in words from Intl', () => {
    const err = new ApiError(429, 'rate_limited', 'Too many', { retryAfterSeconds: 290 });
    expect(errorMessage(err, t())).toBe('Too many attempts. Try again in 5 minutes.');
  });

  it('falls back to a generic message for unknown codes and non-API errors', () => {
    expect(errorMessage(new ApiError(418, 'teapot', 'short and stout'), t())).toBe(
      'Something went wrong. Try again.',
    );
    expect(errorMessage(new Error('boom'), t())).toBe('Something went wrong. Try again.');
    expect(errorMessage(new ApiError(0, 'network_error', 'x'), t())).toMatch(/Could not reach Atelier/);
  });

  it('marks invalid fields from validation details, specifically where the field is known', () => {
    const err = new ApiError(400, 'validation_failed', 'bad', [
      { path: 'email', message: 'must be an email' },
      { path: 'name', message: 'Too small' },
      { path: 'colour', message: 'bad' },
    ]);
    expect(fieldErrors(err, t())).toEqual({
      email: 'Enter an email address like name@example.com.',
      name: 'Enter a name (it cannot be empty or too long).',
      colour: 'Check this field.',
    });
  });

  it('checks the password policy as the server does', () => {
    expect(passwordProblems('short')).toEqual(['too_short', 'needs_upper', 'needs_digit', 'needs_symbol']);
    expect(passwordProblems('Correct-horse-9')).toEqual([]);
  });

  it('sets <html lang> to the UI language', async () => {
    await setLanguage('fr-FR', false);
    expect(document.documentElement.lang).toBe('fr-FR');
    await setLanguage('en-US', false);
  });
});
