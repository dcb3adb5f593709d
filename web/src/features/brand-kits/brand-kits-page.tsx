import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../components/form';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { UpgradeNotice } from '../../components/upgrade-notice';
import { api, isApiError } from '../../lib/api';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { useAccountView } from '../account/use-account-view';
import { brandKitsApi } from './brand-kits.api';

const kits = brandKitsApi(api);

/** Brand kits (Pro and above): the list and a new one. Free users learn what it takes instead. */
export function BrandKitsPage() {
  const { t } = useT();
  const navigate = useNavigate();
  const { account } = useAccountView();
  const [name, setName] = useState('');
  const [needsPlan, setNeedsPlan] = useState(false);
  const allowed = account?.entitlements.canUseBrandKits;
  const list = usePagedList(String(allowed), (cursor) =>
    allowed ? kits.list(undefined, cursor) : Promise.resolve({ items: [], nextCursor: null }),
  );
  const create = useSubmit();
  const submit = create.onSubmit(async () => {
    try {
      const kit = await kits.create({ name: name.trim(), isDefault: list.items?.length === 0 });
      navigate(`/brand-kits/${kit.id}`);
    } catch (err) {
      if (isApiError(err) && err.code === 'plan_required') setNeedsPlan(true);
      throw err;
    }
  });
  const title = t('brand-kits:title');
  if (!account) return <PageHeading title={title}>{title}</PageHeading>;
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{t('brand-kits:explained')}</p>
      {!allowed || needsPlan ? (
        <UpgradeNotice feature={t('brand-kits:feature')} />
      ) : (
        <>
          <section className="card" aria-labelledby="your-kits">
            <h2 id="your-kits">{t('brand-kits:yours')}</h2>
            <Alert kind="error">{list.error}</Alert>
            {list.items === null ? (
              <p role="status">{t('common:loading')}</p>
            ) : list.items.length === 0 ? (
              <p className="muted">{t('brand-kits:none')}</p>
            ) : (
              <ul className="list">
                {list.items.map((k) => (
                  <li key={k.id}>
                    <span>
                      <Link to={`/brand-kits/${k.id}`}>{k.name}</Link>{' '}
                      {k.isDefault && <span className="badge">{t('brand-kits:default')}</span>}
                    </span>
                    <span className="swatches" aria-hidden="true">
                      {k.colours.slice(0, 8).map((c) => (
                        <span
                          key={c.name + c.hex}
                          className="swatch"
                          ref={(el) => el?.style.setProperty('--swatch', c.hex)}
                        />
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <LoadMore list={list} />
          </section>
          <section className="card" aria-labelledby="new-kit">
            <h2 id="new-kit">{t('brand-kits:create.title')}</h2>
            <form className="form" onSubmit={submit} noValidate>
              <Alert kind="error">{create.error}</Alert>
              <TextField
                label={t('brand-kits:name')}
                name="name"
                required
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={create.fields.name}
              />
              <div>
                <SubmitButton pending={create.pending}>{t('brand-kits:create.submit')}</SubmitButton>
              </div>
            </form>
          </section>
        </>
      )}
    </>
  );
}
