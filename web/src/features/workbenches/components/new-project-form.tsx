import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, SubmitButton, TextField, useSubmit } from '../../../components/form';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { workbenchesApi } from '../workbenches.api';
import { FormatFields, type FormatValue } from './format-fields';

const workbenches = workbenchesApi(api);

/** A blank project in a format (or a custom size), or a way to the gallery to start from a template. */
export function NewProjectForm({ workbenchId }: { workbenchId: string }) {
  const { t } = useT();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [size, setSize] = useState<FormatValue>({ format: 'instagram_post', width: '1080', height: '1080' });
  const { format, width, height } = size;
  const form = useSubmit();
  const custom = format === 'custom';
  const submit = form.onSubmit(async () => {
    const size = custom ? { width: Number(width), height: Number(height) } : {};
    const project = await workbenches.createProject(workbenchId, { name: name.trim(), format, ...size });
    navigate(`/projects/${project.id}`);
  });
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
        <FormatFields
          label={t('workbenches:newProject.format')}
          value={size}
          onChange={setSize}
          errors={form.fields}
        />
        <div>
          <SubmitButton pending={form.pending}>{t('workbenches:newProject.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
