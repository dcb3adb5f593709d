import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type Project } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { workbenchesApi } from '../workbenches/workbenches.api';
import { ActionError } from './components/action-error';
import { GenerateForm } from './components/generate-form';
import { GenerationHistory } from './components/generation-history';
import { GenerationView } from './components/generation-view';
import type { Generation, Quote } from './studio.api';
import { generations, useStudio } from './studio.store';
import { useGenerationPolling } from './use-generation-polling';
import './studio.css';

const workbenches = workbenchesApi(api);

/**
 * /projects/:projectId/studio: a prompt in, four samples out (they appear as they are made), one chosen
 * for the final, the final downloaded. `?generation=` is the one on screen, so a reload or a link from
 * the history opens it again.
 */
export function StudioPage() {
  const { t } = useT();
  const { projectId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const openId = params.get('generation');
  const [project, setProject] = useState<Project | null>(null);
  const [quote, setQuote] = useState<Quote | null>(null);
  const load = useSubmit();
  const generation = useStudio((s) => s.generation);
  const loadFailure = useStudio((s) => (s.failure?.action === 'load' ? s.failure.error : null));
  const open = useStudio((s) => s.open);
  const reset = useStudio((s) => s.reset);
  useGenerationPolling();

  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the project changes
  useEffect(() => {
    setProject(null);
    void load.run(async () => setProject(await workbenches.project(projectId)));
    return () => reset();
  }, [projectId]);
  useEffect(() => {
    if (openId) void open(openId);
    else reset();
  }, [openId, open, reset]);

  // The balance and the history move with each step of the generation on screen.
  const step = generation ? `${generation.id}:${generation.batch}:${generation.state}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: read the quote again at each step
  useEffect(() => {
    let live = true;
    generations.quote(projectId).then(
      (q) => live && setQuote(q),
      () => undefined, // the form says the cost is loading; sending still answers with any problem
    );
    return () => {
      live = false;
    };
  }, [projectId, step]);

  const started = useCallback(
    (g: Generation) => {
      setParams({ generation: g.id });
      // The samples appear below the form: take the reader there.
      requestAnimationFrame(() => document.getElementById('studio-generation')?.focus());
    },
    [setParams],
  );

  const title = project ? t('studio:title', { project: project.name }) : t('studio:titlePlain');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {!project ? (
        load.error ? (
          <Alert kind="error">{load.error}</Alert>
        ) : (
          <p role="status">{t('common:loading')}</p>
        )
      ) : (
        <>
          <div className="toolbar page-actions">
            <Link to={`/projects/${project.id}`}>{t('studio:backToProject')}</Link>
            <Link to="/studio">{t('studio:otherProject')}</Link>
          </div>
          <div className="studio-layout">
            <div className="studio-main">
              <GenerateForm project={project} quote={quote} from={generation} onStarted={started} />
              <ActionError error={loadFailure} />
              {generation && <GenerationView generation={generation} quote={quote} />}
            </div>
            <GenerationHistory projectId={project.id} listKey={step} current={generation?.id ?? null} />
          </div>
        </>
      )}
    </>
  );
}
