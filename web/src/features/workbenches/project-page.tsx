import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { DocumentPreview } from '../../components/document-preview';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { RenameDialog } from '../../components/rename-dialog';
import { api, type DocumentState, type Project } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { AssetLibrary } from '../assets/components/asset-library';
import { SaveTemplateDialog } from '../templates/components/save-template-dialog';
import { DocumentHistory } from './components/document-history';
import { formatLabel } from './formats';
import { workbenchesApi } from './workbenches.api';

const workbenches = workbenchesApi(api);

/** A project: its design (preview), its assets, and the document's history with restore. */
export function ProjectPage() {
  const { t } = useT();
  const { projectId = '' } = useParams();
  const [project, setProject] = useState<Project | null>(null);
  const [doc, setDoc] = useState<DocumentState | null>(null);
  const [dialog, setDialog] = useState<'rename' | 'template' | null>(null);
  const load = useSubmit();
  const reloadDocument = useCallback(async () => setDoc(await workbenches.document(projectId)), [projectId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the project changes
  useEffect(() => {
    void load.run(async () => {
      const [p] = await Promise.all([workbenches.project(projectId), reloadDocument()]);
      setProject(p);
    });
  }, [projectId]);

  if (!project) {
    return (
      <>
        <PageHeading title={t('workbenches:project.title')}>{t('workbenches:project.title')}</PageHeading>
        {load.error ? <Alert kind="error">{load.error}</Alert> : <p role="status">{t('common:loading')}</p>}
      </>
    );
  }
  return (
    <>
      <PageHeading title={project.name}>{project.name}</PageHeading>
      <div className="toolbar page-actions">
        <Link to={`/workbenches/${project.workbenchId}`}>{t('workbenches:project.back')}</Link>
        <span className="muted">{formatLabel(t, project.format, project)}</span>
        <Link className="button" to={`/projects/${project.id}/studio`}>
          {t('studio:generate')}
        </Link>
        <button type="button" className="button button--secondary" onClick={() => setDialog('rename')}>
          {t('workbenches:projects.renameTitle')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setDialog('template')}>
          {t('templates:save.open')}
        </button>
      </div>
      {project.archived && <Alert kind="info">{t('workbenches:project.archivedNotice')}</Alert>}
      <section className="card" aria-labelledby="design-heading">
        <h2 id="design-heading">{t('workbenches:project.design')}</h2>
        {doc ? (
          <div className="preview-frame">
            <DocumentPreview
              document={doc.document}
              label={t('workbenches:project.previewLabel', { name: project.name, revision: doc.revision })}
            />
          </div>
        ) : (
          <p role="status">{t('common:loading')}</p>
        )}
        <p className="muted">{t('workbenches:project.canvasIntro')}</p>
        <Link className="button" to={`/projects/${project.id}/canvas`}>
          {t('canvas:open')}
        </Link>
      </section>
      <AssetLibrary projectId={project.id} />
      {doc && <DocumentHistory projectId={project.id} current={doc.revision} onRestored={reloadDocument} />}
      {dialog === 'rename' && (
        <RenameDialog
          title={t('workbenches:projects.renameTitle')}
          current={project.name}
          onClose={() => setDialog(null)}
          onRename={async (n) => setProject(await workbenches.renameProject(project.id, n))}
        />
      )}
      {dialog === 'template' && <SaveTemplateDialog project={project} onClose={() => setDialog(null)} />}
    </>
  );
}
