import { useEffect, useRef, useState } from 'react';
import { Alert, useSubmit } from '../../../components/form';
import { api, type ConsentKind, type Consents, consentKinds } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { accountApi } from '../../account/account.api';
import { useProfile } from '../../account/profile.store';

const account = accountApi(api);

/** Each consent: its text version, a switch to give or withdraw it, and the history of changes. */
export function ConsentsSection() {
  const { t, i18n } = useT();
  const [consents, setConsents] = useState<Consents | null>(null);
  const timezone = useProfile((s) => s.profile?.timezone);
  const action = useSubmit();
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    void action.run(async () => setConsents(await account.consents()));
  }, []);
  // Which switches are saving: each flips at once (optimistic), stays disabled until the server answers
  // (a double click cannot toggle twice) and flips back if the change fails.
  const [saving, setSaving] = useState<Partial<Record<ConsentKind, true>>>({});
  const inFlight = useRef(new Set<ConsentKind>());
  const toggle = (kind: ConsentKind, granted: boolean) => {
    if (!consents || inFlight.current.has(kind)) return;
    const version = consents.current[kind].currentVersion;
    const setGranted = (value: boolean) =>
      setConsents(
        (c) => c && { ...c, current: { ...c.current, [kind]: { ...c.current[kind], granted: value } } },
      );
    inFlight.current.add(kind);
    setSaving((s) => ({ ...s, [kind]: true }));
    setGranted(granted);
    void action
      .run(async () => {
        const saved = await account.setConsent(kind, granted, version);
        // Another switch still saving keeps the state it shows until its own answer comes.
        setConsents((c) => {
          const current = { ...saved.current };
          for (const other of inFlight.current) if (other !== kind && c) current[other] = c.current[other];
          return { ...saved, current };
        });
      })
      .then((ok) => {
        if (!ok) setGranted(!granted);
      })
      .finally(() => {
        inFlight.current.delete(kind);
        setSaving(({ [kind]: _, ...rest }) => rest);
      });
  };
  return (
    <section className="card" aria-labelledby="consents-heading">
      <h2 id="consents-heading">{t('privacy:consents.title')}</h2>
      <Alert kind="error">{action.error}</Alert>
      {!consents ? (
        <p role="status">{t('common:loading')}</p>
      ) : (
        <>
          <ul className="list">
            {consentKinds.map((kind) => {
              const c = consents.current[kind];
              return (
                <li key={kind}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={c.granted}
                      disabled={saving[kind] === true}
                      aria-busy={saving[kind] || undefined}
                      onChange={(e) => toggle(kind, e.target.checked)}
                      aria-describedby={`consent-${kind}`}
                    />
                    <strong>{t(`privacy:consents.kinds.${kind}.label`)}</strong>
                  </label>
                  <span id={`consent-${kind}`} className="muted">
                    {t(`privacy:consents.kinds.${kind}.description`)}{' '}
                    {t('privacy:consents.version', { version: c.currentVersion })}
                  </span>
                </li>
              );
            })}
          </ul>
          {consents.history.length > 0 && (
            <details>
              <summary>{t('privacy:consents.history')}</summary>
              <ul className="list">
                {[...consents.history].reverse().map((h) => (
                  <li key={`${h.kind}-${h.at}`}>
                    <span>
                      {t(`privacy:consents.kinds.${h.kind}.label`)} —{' '}
                      {h.granted ? t('privacy:consents.granted') : t('privacy:consents.withdrawn')} (
                      {h.version})
                    </span>
                    <span className="muted">{formatDateTime(h.at, i18n.language, timezone)}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
