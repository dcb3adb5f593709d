import { useEffect, useState } from 'react';
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
  const toggle = (kind: ConsentKind, granted: boolean) =>
    void action.run(async () =>
      setConsents(await account.setConsent(kind, granted, consents?.current[kind].currentVersion)),
    );
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
                      disabled={action.pending}
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
