import { useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { UpgradeNotice } from '../../components/upgrade-notice';
import { api, type BrandColour, type BrandKit, isApiError } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../lib/use-t';
import { brandKitsApi } from './brand-kits.api';
import { ColourList, HEX } from './components/colour-list';
import { KitFiles } from './components/kit-files';

const kits = brandKitsApi(api);

/** The brand-kit editor: name, colours, tone, default; logos and fonts upload on their own. */
export function BrandKitPage() {
  const { t } = useT();
  const { kitId = '' } = useParams();
  const navigate = useNavigate();
  const toneId = useId();
  const [kit, setKit] = useState<BrandKit | null>(null);
  const [name, setName] = useState('');
  const [colours, setColours] = useState<BrandColour[]>([]);
  const [tone, setTone] = useState('');
  const [isDefault, setIsDefault] = useState(false);
  const [saved, setSaved] = useState(false);
  const [needsPlan, setNeedsPlan] = useState(false);
  const load = useSubmit();
  const save = useSubmit();
  const adopt = (k: BrandKit) => {
    setKit(k);
    setName(k.name);
    setColours(k.colours);
    setTone(k.tone);
    setIsDefault(k.isDefault);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the kit changes
  useEffect(() => {
    void load.run(() =>
      kits.get(kitId).then(adopt, (err) => {
        if (isApiError(err) && err.code === 'plan_required') setNeedsPlan(true);
        throw err;
      }),
    );
  }, [kitId]);

  const submit = save.onSubmit(async () => {
    setSaved(false);
    if (colours.some((c) => !HEX.test(c.hex))) return; // the fields say what to fix
    // Files are saved as they upload; keep them when the answer to a PATCH has fresh links.
    adopt(await kits.update(kitId, { name: name.trim(), colours, tone: tone.trim(), isDefault }));
    setSaved(true);
  });
  const remove = () =>
    void save.run(async () => {
      await kits.remove(kitId);
      navigate('/brand-kits');
    });
  const title = kit?.name || t('brand-kits:title');
  if (!kit) {
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        {needsPlan ? (
          <UpgradeNotice feature={t('brand-kits:feature')} />
        ) : load.error ? (
          <Alert kind="error">{load.error}</Alert>
        ) : (
          <p role="status">{t('common:loading')}</p>
        )}
      </>
    );
  }
  const badColours = colours.some((c) => !HEX.test(c.hex));
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>
        <Link to="/brand-kits">{t('brand-kits:back')}</Link>
      </p>
      <section className="card" aria-labelledby="kit-details">
        <h2 id="kit-details">{t('brand-kits:details')}</h2>
        <form className="form" onSubmit={submit} noValidate>
          <Alert kind="error">{badColours ? t('brand-kits:colours.fixFirst') : save.error}</Alert>
          {saved && <Alert kind="success">{t('brand-kits:saved')}</Alert>}
          <TextField
            label={t('brand-kits:name')}
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={save.fields.name}
          />
          <ColourList colours={colours} onChange={setColours} />
          <div className="field">
            <label htmlFor={toneId}>{t('brand-kits:tone')}</label>
            <textarea
              id={toneId}
              rows={3}
              maxLength={500}
              value={tone}
              aria-describedby={`${toneId}-hint`}
              onChange={(e) => setTone(e.target.value)}
            />
            <div id={`${toneId}-hint`} className="field-hint">
              {t('brand-kits:toneHint')}
            </div>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
            {t('brand-kits:makeDefault')}
          </label>
          <div className="toolbar">
            <SubmitButton pending={save.pending}>{t('brand-kits:save')}</SubmitButton>
            <button type="button" className="button button--danger" disabled={save.pending} onClick={remove}>
              {t('brand-kits:delete')}
            </button>
          </div>
        </form>
      </section>
      <KitFiles kit={kit} kind="logo" onChanged={setKit} onError={(e) => save.setError(errorMessage(e, t))} />
      <KitFiles kit={kit} kind="font" onChanged={setKit} onError={(e) => save.setError(errorMessage(e, t))} />
    </>
  );
}
