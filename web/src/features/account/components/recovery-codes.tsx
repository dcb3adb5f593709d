import { useT } from '../../../lib/use-t';

/** The ten recovery codes, shown this once: download them, then confirm they are kept somewhere safe. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useT();
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${codes.join('\n')}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'atelier-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div role="status">
      <p className="alert alert--success">{t('account:mfa.enabled')}</p>
      <h3>{t('account:mfa.recoveryTitle')}</h3>
      <p>{t('account:mfa.recoveryExplained')}</p>
      <ul className="codes" aria-label={t('account:mfa.recoveryTitle')}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" className="button button--secondary" onClick={download}>
          {t('account:mfa.download')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('account:mfa.saved')}
        </button>
      </div>
    </div>
  );
}
