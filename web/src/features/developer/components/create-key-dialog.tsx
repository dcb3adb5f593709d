import { useRef, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { ApiError } from '../../../lib/api';
import { formatCurrency } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { type ApiKey, type ApiKeyBilling, type ApiScope, apiScopes } from '../developer.api';
import { useDeveloper } from '../developer.store';

/** Pay-as-you-go price of one generation through the API (PRODUCT.md §7). */
export const METERED_PRICE_USD = 0.05;

/** `generations:write` → `generations_write`: i18next reads ':' as a namespace separator. */
export const scopeKey = (s: ApiScope) => s.replace(':', '_') as 'generations_write';

/** A form check failed before sending: shown like the server's own validation_failed on that field. */
const invalid = (path: string) => new ApiError(400, 'validation_failed', 'invalid', [{ path, message: '' }]);

/**
 * Name, scopes (each with what it allows in plain words), an optional expiry and how generations are
 * paid. On success it hands the new key and its secret to `onCreated` (the copy-once dialog).
 */
export function CreateKeyDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: { key: ApiKey; secret: string }) => void;
}) {
  const { t, i18n } = useT();
  const createKey = useDeveloper((s) => s.createKey);
  const form = useSubmit();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>(['generations:read', 'generations:write']);
  const [expiry, setExpiry] = useState('');
  const [billing, setBilling] = useState<ApiKeyBilling>('credits');
  const nameRef = useRef<HTMLInputElement>(null);
  const toggle = (s: ApiScope, on: boolean) =>
    setScopes((prev) =>
      on ? apiScopes.filter((x) => x === s || prev.includes(x)) : prev.filter((x) => x !== s),
    );

  // The server names fields `scopes.0` etc.: any issue under a field belongs to it.
  const fieldError = (field: string, text: string) =>
    Object.keys(form.fields).some((p) => p === field || p.startsWith(`${field}.`)) ? text : undefined;
  const nameError = form.fields.name;
  const scopesError = fieldError('scopes', t('developer:createKey.scopesRequired'));
  const expiryError = fieldError('expiresInDays', t('developer:createKey.expiryInvalid'));

  const submit = form.onSubmit(async () => {
    const trimmed = name.trim();
    const days = expiry.trim() === '' ? undefined : Number(expiry);
    if (!trimmed) {
      nameRef.current?.focus();
      throw invalid('name');
    }
    if (scopes.length === 0) throw invalid('scopes');
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 365))
      throw invalid('expiresInDays');
    const created = await createKey({
      name: trimmed,
      scopes,
      billing,
      ...(days !== undefined ? { expiresInDays: days } : {}),
    });
    onCreated(created);
  });

  const price = formatCurrency(METERED_PRICE_USD, 'USD', i18n.language);
  return (
    <Dialog open onClose={onClose} title={t('developer:createKey.title')}>
      <form className="form" noValidate onSubmit={submit}>
        <Alert kind="error">{form.error}</Alert>
        <TextField
          ref={nameRef}
          label={t('developer:createKey.name')}
          name="name"
          required
          maxLength={60}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          hint={t('developer:createKey.nameHint')}
          error={nameError}
        />
        <fieldset aria-describedby={scopesError ? 'key-scopes-error' : 'key-scopes-hint'}>
          <legend>{t('developer:createKey.scopes')}</legend>
          <p id="key-scopes-hint" className="field-hint">
            {t('developer:createKey.scopesHint')}
          </p>
          <ul className="developer-choices">
            {apiScopes.map((s) => (
              <li key={s}>
                <div className="checkbox">
                  <input
                    type="checkbox"
                    id={`key-scope-${scopeKey(s)}`}
                    name="scopes"
                    value={s}
                    checked={scopes.includes(s)}
                    onChange={(e) => toggle(s, e.target.checked)}
                    aria-describedby={`key-scope-${scopeKey(s)}-hint`}
                  />
                  <label htmlFor={`key-scope-${scopeKey(s)}`}>
                    <code>{s}</code>
                  </label>
                </div>
                <span id={`key-scope-${scopeKey(s)}-hint`} className="field-hint">
                  {t(`developer:scopes.${scopeKey(s)}`)}
                </span>
              </li>
            ))}
          </ul>
          {scopesError && (
            <p id="key-scopes-error" className="field-error">
              {scopesError}
            </p>
          )}
        </fieldset>
        <TextField
          label={t('developer:createKey.expiry')}
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          step={1}
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          hint={t('developer:createKey.expiryHint')}
          error={expiryError}
        />
        <fieldset>
          <legend>{t('developer:createKey.billing')}</legend>
          {(['credits', 'metered'] as const).map((b) => (
            <div key={b}>
              <div className="checkbox">
                <input
                  type="radio"
                  id={`key-billing-${b}`}
                  name="billing"
                  value={b}
                  checked={billing === b}
                  onChange={() => setBilling(b)}
                  aria-describedby={`key-billing-${b}-hint`}
                />
                <label htmlFor={`key-billing-${b}`}>{t(`developer:keys.billings.${b}`)}</label>
              </div>
              <p id={`key-billing-${b}-hint`} className="field-hint">
                {t(`developer:createKey.billingHints.${b}`, { price })}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <SubmitButton pending={form.pending}>{t('developer:createKey.submit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
