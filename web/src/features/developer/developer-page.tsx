import { useEffect } from 'react';
import { PageHeading } from '../../components/page-heading';
import { useT } from '../../lib/use-t';
import { KeysSection } from './components/keys-section';
import { UsageSection } from './components/usage-section';
import { WebhooksSection } from './components/webhooks-section';
import { useDeveloper } from './developer.store';
import './developer.css';

/** /developer — the developer portal: API keys, usage, webhooks, and the way to the API's docs. */
export function DeveloperPage() {
  const { t } = useT();
  const open = useDeveloper((s) => s.open);
  useEffect(() => open(), [open]);
  const title = t('developer:title');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{t('developer:intro')}</p>
      <nav className="card" aria-labelledby="docs-heading">
        <h2 id="docs-heading">{t('developer:docs.title')}</h2>
        <p className="muted">{t('developer:docs.hint')}</p>
        {/* Served by the platform (functions/api-docs), not by this app: a full page load. */}
        <ul className="toolbar developer-docs">
          <li>
            <a className="button button--secondary" href="/v1/docs">
              {t('developer:docs.reference')}
            </a>
          </li>
          <li>
            <a className="button button--secondary" href="/v1/openapi.json" type="application/json">
              {t('developer:docs.openapi')}
            </a>
          </li>
        </ul>
      </nav>
      <KeysSection />
      <UsageSection />
      <WebhooksSection />
    </>
  );
}
