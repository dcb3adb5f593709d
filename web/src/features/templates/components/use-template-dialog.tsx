import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../../components/dialog';
import { DocumentPreview } from '../../../components/document-preview';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { api, type Template, type Workbench } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { formatLabel } from '../../workbenches/formats';
import { workbenchesApi } from '../../workbenches/workbenches.api';

const workbenches = workbenchesApi(api);
const NEW = 'new';

/** A template up close, and "use this template": a new project from it in a workbench (or a new one). */
export function UseTemplateDialog({
  template,
  workbenchId,
  onClose,
}: {
  template: Template;
  workbenchId: string | null;
  onClose: () => void;
}) {
  const { t } = useT();
  const navigate = useNavigate();
  const [benches, setBenches] = useState<Workbench[] | null>(null);
  const [target, setTarget] = useState(workbenchId ?? '');
  const [benchName, setBenchName] = useState(t('templates:use.defaultWorkbench'));
  const [name, setName] = useState(template.name);
  const form = useSubmit();
  useEffect(() => {
    workbenches.list({}).then(
      (page) => {
        setBenches(page.items);
        setTarget((cur) => cur || page.items[0]?.id || NEW);
      },
      () => setBenches([]),
    );
  }, []);
  const submit = form.onSubmit(async () => {
    const bench = target === NEW ? (await workbenches.create(benchName.trim())).id : target;
    const project = await workbenches.createProject(bench, { name: name.trim(), templateId: template.id });
    navigate(`/projects/${project.id}`);
  });
  return (
    <Dialog open onClose={onClose} title={template.name}>
      {template.document && (
        <div className="preview-frame">
          <DocumentPreview
            document={template.document}
            label={t('templates:previewOf', { name: template.name })}
          />
        </div>
      )}
      <p className="muted">
        {t(`templates:categories.${template.category}`)} · {formatLabel(t, template.format, template)}
      </p>
      {template.description && <p>{template.description}</p>}
      {template.tags.length > 0 && (
        <ul className="tags" aria-label={t('templates:tags')}>
          {template.tags.map((tag) => (
            <li key={tag} className="badge">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <h3>{t('templates:use.title')}</h3>
        <Alert kind="error">{form.error}</Alert>
        {benches === null ? (
          <p role="status">{t('common:loading')}</p>
        ) : (
          <SelectField
            label={t('templates:use.workbench')}
            name="workbench"
            value={target}
            onChange={setTarget}
            options={[
              ...benches.map((b) => ({ value: b.id, label: b.name })),
              ...(workbenchId && !benches.some((b) => b.id === workbenchId)
                ? [{ value: workbenchId, label: t('templates:use.thisWorkbench') }]
                : []),
              { value: NEW, label: t('templates:use.newWorkbench') },
            ]}
          />
        )}
        {target === NEW && (
          <TextField
            label={t('templates:use.workbenchName')}
            name="workbenchName"
            required
            maxLength={100}
            value={benchName}
            onChange={(e) => setBenchName(e.target.value)}
          />
        )}
        <TextField
          label={t('templates:use.projectName')}
          name="name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={form.fields.name}
        />
        <div className="dialog-actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
          <SubmitButton pending={form.pending || benches === null}>{t('templates:use.submit')}</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
