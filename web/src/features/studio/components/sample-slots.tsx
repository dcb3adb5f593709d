import { useT } from '../../../lib/use-t';
import type { Generation } from '../studio.api';

/**
 * The batch's slots: a placeholder for each sample not yet delivered, the image once it is. In
 * awaiting_selection each image comes with a radio to choose it for the final.
 */
export function SampleSlots({
  generation,
  chosen,
  onChoose,
}: {
  generation: Generation;
  chosen: string | null;
  onChoose: (sampleId: string) => void;
}) {
  const { t } = useT();
  const g = generation;
  const choosing = g.state === 'awaiting_selection';
  const waiting = g.state === 'pending' || g.state === 'processing_samples';
  const slots = Array.from({ length: g.expectedSamples || 4 }, (_, i) => i);
  const pickedId = g.selection?.sampleId;
  return (
    <ul className="studio-samples" aria-label={t('studio:samples.label')}>
      {slots.map((i) => {
        const sample = g.samples.find((s) => s.index === i);
        const n = i + 1;
        if (!sample) {
          return (
            <li key={i} className="studio-sample">
              <div className="thumb thumb--pending studio-sample__wait">
                {waiting ? t('studio:samples.waiting', { n }) : t('studio:samples.missing', { n })}
              </div>
            </li>
          );
        }
        const radioId = `sample-${sample.id}`;
        return (
          <li
            key={sample.id}
            className={`studio-sample${chosen === sample.id || pickedId === sample.id ? ' studio-sample--chosen' : ''}`}
          >
            <img
              className="thumb"
              src={sample.url}
              alt={t('studio:samples.alt', { n })}
              width={sample.width}
              height={sample.height}
            />
            {choosing ? (
              <div className="checkbox">
                <input
                  type="radio"
                  id={radioId}
                  name="sample"
                  value={sample.id}
                  checked={chosen === sample.id}
                  onChange={() => onChoose(sample.id)}
                />
                <label htmlFor={radioId}>{t('studio:samples.choose', { n })}</label>
              </div>
            ) : (
              pickedId === sample.id && <span className="badge">{t('studio:samples.chosen')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
