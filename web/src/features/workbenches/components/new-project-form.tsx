import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, SelectField, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { api, type FormatId } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds, formatLabel } from '../formats';
import { workbenchesApi } from '../workbenches.api';

const workbenches = workbenchesApi(api);

/** A blank project in a format (or a custom size), or a way to the gallery to start from a template. */
export function NewProjectForm({ workbenchId }: { workbenchId: string }) {
  const { t } = useT();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<FormatId>('instagram_post');
  const [width, setWidth] = useState('1080');
  const [height, setHeight] = useState('1080');
  const form = useSubmit();
  const custom = format === 'custom';
  const submit = form.onSubmit(async () => {
    const size = custom ? { width: Number(width), height: Number(height) } : {};
    const project = await workbenches.createProject(workbenchId, { name: name.trim(), format, ...size });
    navigate(`/projects/${project.id}`);
  });
  const sizeHint = t('workbenches:newProject.sizeHint', { min: CUSTOM_MIN_PX, max: CUSTOM_MAX_PX });
  return (
    <section className="card" aria-labelledby="new-project">
      <h2 id="new-project">{t('workbenches:newProject.title')}</h2>
      <p>
        <Link to={`/templates?workbench=${workbenchId}`}>{t('workbenches:newProject.fromTemplate')}</Link>
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <Alert kind="error">{form.error}</Alert>
        <TextField
          label={t('workbenches:newProject.name')}
          name="name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={form.fields.name}
        />
        <SelectField
          label={t('workbenches:newProject.format')}
          name="format"
          value={format}
          onChange={(f) => setFormat(f as FormatId)}
          options={formatIds.map((id) => ({ value: id, label: formatLabel(t, id) }))}
        />
        {custom && (
          <div className="form-row">
            {(['width', 'height'] as const).map((side) => (
              <TextField
                key={side}
                label={t(`workbenches:newProject.${side}`)}
                name={side}
                type="number"
                inputMode="numeric"
                min={CUSTOM_MIN_PX}
                max={CUSTOM_MAX_PX}
                required
                hint={sizeHint}
                value={side === 'width' ? width : height}
                onChange={(e) => (side === 'width' ? setWidth : setHeight)(e.target.value)}
                error={form.fields[side]}
              />
            ))}
          </div>
        )}
        <div>
          <SubmitButton pending={form.pending}>{t('workbenches:newProject.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
