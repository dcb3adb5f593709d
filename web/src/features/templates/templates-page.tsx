import { templateCategories } from '@atelier/shared/creative/template-categories';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DocumentPreview } from '../../components/document-preview';
import { Alert, SelectField } from '../../components/form';
import { ListSearch } from '../../components/list-search';
import { LoadMore } from '../../components/load-more';
import { PageHeading } from '../../components/page-heading';
import { api, type FormatId, type Template, type TemplateFacets, type TemplateView } from '../../lib/api';
import { usePagedList } from '../../lib/use-paged-list';
import { useT } from '../../lib/use-t';
import { formatIds, formatLabel } from '../workbenches/formats';
import { UseTemplateDialog } from './components/use-template-dialog';
import { templatesApi } from './templates.api';

const templates = templatesApi(api);
const views: TemplateView[] = ['all', 'trending', 'new', 'recommended'];

/** The gallery: views, filters, a preview of every template, and "use this template". */
export function TemplatesPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const workbenchId = params.get('workbench');
  const [view, setView] = useState<TemplateView>('all');
  const [category, setCategory] = useState('');
  const [format, setFormat] = useState('');
  const [tag, setTag] = useState('');
  const [q, setQ] = useState('');
  const [facets, setFacets] = useState<TemplateFacets | null>(null);
  const [open, setOpen] = useState<Template | null>(null);
  const list = usePagedList(JSON.stringify([view, category, format, tag, q]), (cursor) =>
    templates.list({
      view,
      category: category as TemplateFacets['categories'][number]['id'] | '',
      format: format as FormatId | '',
      tag,
      q,
      cursor,
    }),
  );
  useEffect(() => {
    templates.facets().then(setFacets, () => setFacets(null));
  }, []);
  const count = (c: string) => facets?.categories.find((x) => x.id === c)?.count;

  return (
    <>
      <PageHeading title={t('templates:title')}>{t('templates:title')}</PageHeading>
      {workbenchId && <p className="alert alert--info">{t('templates:pickForWorkbench')}</p>}
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('templates:views.label')}</legend>
        {views.map((v) => (
          <button
            key={v}
            type="button"
            className="button button--secondary"
            aria-pressed={view === v}
            onClick={() => setView(v)}
          >
            {t(`templates:views.${v}`)}
          </button>
        ))}
      </fieldset>
      <div className="filters">
        <ListSearch label={t('templates:search')} onSearch={setQ} />
        <SelectField
          label={t('templates:category')}
          name="category"
          value={category}
          onChange={setCategory}
          options={[
            { value: '', label: t('templates:anyCategory') },
            ...templateCategories.map((c) => ({
              value: c,
              label:
                count(c) === undefined
                  ? t(`templates:categories.${c}`)
                  : `${t(`templates:categories.${c}`)} (${count(c)})`,
            })),
          ]}
        />
        <SelectField
          label={t('templates:format')}
          name="format"
          value={format}
          onChange={setFormat}
          options={[
            { value: '', label: t('templates:anyFormat') },
            ...formatIds.map((f) => ({ value: f, label: formatLabel(t, f) })),
          ]}
        />
        <SelectField
          label={t('templates:tag')}
          name="tag"
          value={tag}
          onChange={setTag}
          options={[
            { value: '', label: t('templates:anyTag') },
            ...(facets?.tags ?? []).map((x) => ({ value: x.tag, label: x.tag })),
          ]}
        />
      </div>
      <Alert kind="error">{list.error}</Alert>
      {list.items === null ? (
        <p role="status">{t('common:loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('templates:none')}</p>
      ) : (
        <ul className="template-grid" aria-label={t('templates:results')}>
          {list.items.map((tpl) => (
            <li key={tpl.id}>
              <button type="button" className="template-card" onClick={() => setOpen(tpl)}>
                <span className="preview-frame">
                  {tpl.document && <DocumentPreview document={tpl.document} />}
                </span>
                <span className="template-card__name">{tpl.name}</span>
                <span className="muted">
                  {t(`templates:categories.${tpl.category}`)} · {t(`workbenches:formats.${tpl.format}`)}
                </span>
                <span className="visually-hidden">{t('templates:openPreview')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
      {open && <UseTemplateDialog template={open} workbenchId={workbenchId} onClose={() => setOpen(null)} />}
    </>
  );
}
