import { useEffect, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { ApiError } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { useT } from '../../../lib/use-t';
import { webhooks } from '../use-webhooks';
import type { WebhookEndpoint, WebhookEventType } from '../webhooks.api';
import { describeEventType } from './describe';

const invalid = (path: string) => new ApiError(400, 'validation_failed', 'invalid', [{ path, message: '' }]);

/** URL, optional description and the event types to receive; the signing secret comes back once. */
export function AddWebhookDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: { endpoint: WebhookEndpoint; secret: string }) => void;
}) {
  const { t } = useT();
  const message = useErrorMessage();
  const form = useSubmit();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<WebhookEventType[] | null>(null);
  const [typesError, setTypesError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    webhooks.eventTypes().then(
      (r) => setTypes(r.items),
      (err) => setTypesError(err ?? new Error('failed')),
    );
  }, []);

  const under = (field: string) =>
    Object.keys(form.fields).some((p) => p === field || p.startsWith(`${field}.`));
  const urlError = under('url') ? t('developer:addWebhook.urlInvalid') : undefined;
  const typesInvalid = under('eventTypes');

  const submit = form.onSubmit(async () => {
    const trimmed = url.trim();
    if (!/^https?:\/\/\S+$/i.test(trimmed)) throw invalid('url');
    if (chosen.length === 0) throw invalid('eventTypes');
    const created = await webhooks.create({
      url: trimmed,
      eventTypes: chosen,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
    onCreated(created);
  });

  return (
    <Dialog open onClose={onClose} title={t('developer:addWebhook.title')}>
      <form className="form" noValidate onSubmit={submit}>
        <Alert kind="error">{form.error}</Alert>
        <TextField
          label={t('developer:addWebhook.url')}
          name="url"
          type="url"
          inputMode="url"
          required
          autoComplete="off"
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          hint={t('developer:addWebhook.urlHint')}
          error={urlError}
        />
        <TextField
          label={t('developer:addWebhook.description')}
          name="description"
          maxLength={200}
          autoComplete="off"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <fieldset aria-describedby={typesInvalid ? 'webhook-types-error' : undefined}>
          <legend>{t('developer:addWebhook.events')}</legend>
          <Alert kind="error">{typesError ? message(typesError) : null}</Alert>
          {types === null ? (
            !typesError && <p role="status">{t('common:loading')}</p>
          ) : (
            <ul className="developer-choices">
              {types.map((et, i) => (
                <li key={et.type}>
                  <div className="checkbox">
                    <input
                      type="checkbox"
                      id={`webhook-type-${i}`}
                      name="eventTypes"
                      value={et.type}
                      checked={chosen.includes(et.type)}
                      onChange={(e) =>
                        setChosen((prev) =>
                          e.target.checked
                            ? types.map((x) => x.type).filter((x) => x === et.type || prev.includes(x))
                            : prev.filter((x) => x !== et.type),
                        )
                      }
                      aria-describedby={`webhook-type-${i}-hint`}
                    />
                    <label htmlFor={`webhook-type-${i}`}>
                      <code>{et.type}</code>
                    </label>
                  </div>
                  <span id={`webhook-type-${i}-hint`} className="field-hint">
                    {describeEventType(t, et.type, et.description)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {typesInvalid && (
            <p id="webhook-types-error" className="field-error">
              {t('developer:addWebhook.eventsRequired')}
            </p>
          )}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <SubmitButton pending={form.pending}>{t('developer:addWebhook.submit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
