import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import {
  cancellableStates,
  endedStates,
  type Generation,
  type Quality,
  type Quote,
  regenerableStates,
} from '../studio.api';
import { generations, useStudio } from '../studio.store';
import { ActionError } from './action-error';
import { SampleSlots } from './sample-slots';

/** The progress line, announced politely: samples arriving, the final being made, the outcome. */
function progressText(g: Generation, t: ReturnType<typeof useT>['t']) {
  const ready = g.samples.length;
  const expected = g.expectedSamples || 4;
  switch (g.state) {
    case 'pending':
      return t('studio:progress.pending');
    case 'processing_samples':
      return t('studio:progress.samples', { ready, expected });
    case 'awaiting_selection':
      return t('studio:progress.awaiting', { ready, expected });
    case 'processing_final':
      return t(`studio:progress.final.${g.selection?.quality ?? 'standard'}`);
    default:
      return t(`studio:states.${g.state}`);
  }
}

/** One generation: its samples as they arrive, the choice of one for the final, the final, or why it ended. */
export function GenerationView({ generation: g, quote }: { generation: Generation; quote: Quote | null }) {
  const { t, i18n } = useT();
  const busy = useStudio((s) => s.busy);
  const failure = useStudio((s) => (s.failure && s.failure.action !== 'start' ? s.failure.error : null));
  const { regenerate, select, cancel } = useStudio.getState();
  const [chosen, setChosen] = useState<string | null>(null);
  const [quality, setQuality] = useState<Quality>('standard');
  // A new batch (or another generation) has other samples: forget the choice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new batch only
  useEffect(() => setChosen(null), [g.id, g.batch]);
  const n = (x: number) => formatNumber(x, i18n.language);
  const cost = { standard: quote?.costs.final_standard, high: quote?.costs.final_high };
  const offline = g.offline || g.samples.some((s) => s.offline);
  const ended = endedStates.includes(g.state);

  return (
    <section className="card studio-generation" aria-labelledby="studio-generation">
      <h2 id="studio-generation" tabIndex={-1}>
        {t('studio:generation.title')}
      </h2>
      <p className="studio-prompt">{g.prompt}</p>
      <p className="studio-progress" role="status">
        {progressText(g, t)}
      </p>
      {offline && (
        <p className="alert alert--info studio-offline">
          <strong>{t('studio:offline.title')}</strong> {t('studio:offline.body')}
        </p>
      )}
      {ended && (
        <div className="alert alert--error">
          <p>
            <strong>{t(`studio:ended.${g.state as 'failed' | 'cancelled' | 'content_rejected'}`)}</strong>
          </p>
          {/* The server words its reasons in English: other languages get the code's own message. */}
          {g.error?.message && (
            <p>
              {i18n.language.startsWith('en')
                ? g.error.message
                : t(`errors:codes.${errorCode(g.error.code)}`, {
                    defaultValue: t('errors:codes.unknown_error'),
                  })}
            </p>
          )}
          <p>{t('studio:ended.notCharged')}</p>
        </div>
      )}
      {!ended && g.state !== 'completed' && g.state !== 'processing_final' && (
        <SampleSlots generation={g} chosen={chosen} onChoose={setChosen} />
      )}
      {g.state === 'awaiting_selection' && (
        <form
          className="form studio-select"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void select(chosen, quality);
          }}
        >
          <fieldset>
            <legend>{t('studio:select.quality')}</legend>
            {(['standard', 'high'] as const).map((q) => (
              <div className="checkbox" key={q}>
                <input
                  type="radio"
                  id={`quality-${q}`}
                  name="quality"
                  value={q}
                  checked={quality === q}
                  onChange={() => setQuality(q)}
                />
                <label htmlFor={`quality-${q}`}>
                  {cost[q] === undefined
                    ? t(`studio:select.${q}`)
                    : t(`studio:select.${q}Cost`, { cost: n(cost[q]) })}
                </label>
              </div>
            ))}
          </fieldset>
          {!chosen && <p className="muted">{t('studio:select.pickFirst')}</p>}
          <div className="toolbar">
            <button type="submit" className="button" disabled={!chosen || busy !== null}>
              {busy === 'select' ? t('common:actions.working') : t('studio:select.submit')}
            </button>
          </div>
        </form>
      )}
      {g.state === 'processing_final' && (
        <div className="thumb thumb--pending studio-final-wait">{t('studio:final.waiting')}</div>
      )}
      {g.state === 'completed' && g.final && (
        <figure className="studio-final">
          <img
            src={g.final.url}
            alt={t('studio:final.alt', { width: g.final.width, height: g.final.height })}
            width={g.final.width}
            height={g.final.height}
          />
          <figcaption>
            <a className="button" href={g.final.downloadUrl} download onClick={downloadFresh(g.id)}>
              {t('studio:final.download')}
            </a>{' '}
            <span className="muted">
              {t('studio:final.size', { width: n(g.final.width), height: n(g.final.height) })}
            </span>
            {g.final.watermarked && (
              <p className="muted">
                {t('studio:final.watermarked')} <Link to="/billing">{t('common:upgrade.link')}</Link>
              </p>
            )}
          </figcaption>
        </figure>
      )}
      <ActionError error={failure} />
      <div className="toolbar">
        {regenerableStates.includes(g.state) && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            onClick={() => void regenerate()}
          >
            {busy === 'regenerate'
              ? t('common:actions.working')
              : quote
                ? t('studio:actions.regenerateCost', { cost: n(quote.costs.samples) })
                : t('studio:actions.regenerate')}
          </button>
        )}
        {cancellableStates.includes(g.state) && (
          <button
            type="button"
            className="button button--danger"
            disabled={busy !== null}
            onClick={() => void cancel()}
          >
            {busy === 'cancel' ? t('common:actions.working') : t('studio:actions.cancel')}
          </button>
        )}
      </div>
    </section>
  );
}

/** Failure codes of a generation that have a message of their own; others read as the generic one. */
const errorCode = (code: string) =>
  ['content_rejected', 'provider_unavailable', 'cancelled', 'deadline_exceeded'].includes(code)
    ? code
    : code === 'timed_out'
      ? 'deadline_exceeded'
      : 'unknown_error';

/**
 * Links live 5 minutes and a page may stay open longer: the click asks for a fresh one, then downloads
 * through a link of its own (so the browser still treats it as a download).
 */
const downloadFresh = (id: string) => async (e: React.MouseEvent<HTMLAnchorElement>) => {
  e.preventDefault();
  const stale = e.currentTarget.href;
  const fresh = await generations.get(id).catch(() => null);
  const link = document.createElement('a');
  link.href = fresh?.final?.downloadUrl ?? stale;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
};
