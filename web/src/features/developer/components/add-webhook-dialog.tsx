import { useEffect, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { ApiError } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { useT } from '../../../lib/use-t';
import { webhooks } from '../use-webhooks';
import type { WebhookEndpoint, WebhookEndpointChanges, WebhookEventType } from '../webhooks.api';
import { describeEventType } from './describe';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

const invalid = (path: string) => new ApiError(400, 'validation_failed', 'invalid', [{ path, message: '' }]);

/**
 * URL, optional description and the event types to receive. Adding, the signing secret comes back
 * (`onCreated`); given an `endpoint`, the same fields edit it and only what changed is sent (`onSaved`).
 */
export function AddWebhookDialog({
  endpoint,
  onClose,
  onCreated,
  onSaved,
}: {
  /** The endpoint to edit; none to add one. */
  endpoint?: WebhookEndpoint;
  onClose: () => void;
  onCreated?: (created: { endpoint: WebhookEndpoint; secret: string }) => void;
  onSaved?: (endpoint: WebhookEndpoint) => void;
}) {
  const { t } = useT();
  const message = useErrorMessage();
  const form = useSubmit();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [types, setTypes] = useState<WebhookEventType[] | null>(null);
  const [typesError, setTypesError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string[]>(endpoint?.eventTypes ?? []);
  useEffect(() => {
    webhooks.eventTypes().then(
      (r) => setTypes(r.items),
      (err) => setTypesError(err ?? new Error('failed')),
    );
  }, []);

  const under = (field: string) =>
    Object.keys(form.fields).some((p) => p === field || p.startsWith(`${field}.`));
  // The server's refusal of the address belongs to the URL field, not the top of the form.
  const refused = form.failure instanceof ApiError && form.failure.code === 'webhook_url_refused';
  const urlError = refused
    ? message(form.failure)
    : under('url')
      ? t('developer:addWebhook.urlInvalid')
      : undefined;
  const typesInvalid = under('eventTypes');

  const submit = form.onSubmit(async () => {
    const trimmed = url.trim();
    if (!/^https?:\/\/\S+$/i.test(trimmed)) throw invalid('url');
    if (chosen.length === 0) throw invalid('eventTypes');
    if (endpoint) {
      const changes: WebhookEndpointChanges = {
        ...(trimmed !== endpoint.url ? { url: trimmed } : {}),
        ...(sameSet(chosen, endpoint.eventTypes) ? {} : { eventTypes: chosen }),
        ...(description.trim() !== endpoint.description ? { description: description.trim() } : {}),
      };
      onSaved?.(Object.keys(changes).length > 0 ? await webhooks.update(endpoint.id, changes) : endpoint);
      return;
    }
    const created = await webhooks.create({
      url: trimmed,
      eventTypes: chosen,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
    onCreated?.(created);
  });

  return (
    <Dialog
      open
      onClose={onClose}
      title={endpoint ? t('developer:editWebhook.title') : t('developer:addWebhook.title')}
    >
      <form className="form" noValidate onSubmit={submit}>
        <Alert kind="error">{refused ? null : form.error}</Alert>
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
          maxLength={500}
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
          <SubmitButton pending={form.pending}>
            {endpoint ? t('developer:editWebhook.submit') : t('developer:addWebhook.submit')}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
