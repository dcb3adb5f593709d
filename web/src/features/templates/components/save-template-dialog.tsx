import { templateCategories } from '@atelier/shared/creative/template-categories';
import { useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { UpgradeNotice } from '../../../components/upgrade-notice';
import { api, isApiError, type Project, type TemplateCategory } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { useAccountView } from '../../account/use-account-view';
import { templatesApi } from '../templates.api';

const templates = templatesApi(api);

/** Saves the project's current design as a private template (Pro and above; Free sees why not). */
export function SaveTemplateDialog({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useT();
  const { account } = useAccountView();
  const [name, setName] = useState(project.name);
  const [category, setCategory] = useState<TemplateCategory>('sale');
  const [tags, setTags] = useState('');
  const [saved, setSaved] = useState(false);
  const [needsPlan, setNeedsPlan] = useState(false);
  const form = useSubmit();
  const submit = form.onSubmit(async () => {
    try {
      await templates.saveFromProject({
        projectId: project.id,
        name: name.trim(),
        category,
        tags: tags
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      });
      setSaved(true);
    } catch (err) {
      if (isApiError(err) && err.code === 'plan_required') setNeedsPlan(true);
      throw err;
    }
  });
  const blocked = needsPlan || account?.entitlements.canSavePrivateTemplates === false;
  return (
    <Dialog open onClose={onClose} title={t('templates:save.title')}>
      {blocked ? (
        <UpgradeNotice feature={t('templates:save.feature')} />
      ) : saved ? (
        <Alert kind="success">{t('templates:save.done', { name })}</Alert>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <Alert kind="error">{form.error}</Alert>
          <TextField
            label={t('templates:save.name')}
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={form.fields.name}
          />
          <SelectField
            label={t('templates:category')}
            name="category"
            value={category}
            onChange={(c) => setCategory(c as TemplateCategory)}
            options={templateCategories.map((c) => ({ value: c, label: t(`templates:categories.${c}`) }))}
          />
          <TextField
            label={t('templates:save.tags')}
            name="tags"
            hint={t('templates:save.tagsHint')}
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            error={form.fields.tags}
          />
          <div className="dialog-actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common:actions.cancel')}
            </button>
            <SubmitButton pending={form.pending}>{t('templates:save.submit')}</SubmitButton>
          </div>
        </form>
      )}
      {(blocked || saved) && (
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.close')}
          </button>
        </div>
      )}
    </Dialog>
  );
}
