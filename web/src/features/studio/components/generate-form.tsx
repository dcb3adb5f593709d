import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { SelectField, SubmitButton, TextField } from '../../../components/form';
import { api, type BrandKit, isApiError, type Project } from '../../../lib/api';
import { fieldErrors } from '../../../lib/errors';
import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { brandKitsApi } from '../../brand-kits/brand-kits.api';
import { FormatFields, type FormatValue } from '../../workbenches/components/format-fields';
import { type Generation, type NewGeneration, PROMPT_MAX, type Quote, TEXT_MAX } from '../studio.api';
import { useStudio } from '../studio.store';
import { ActionError } from './action-error';
import { CostQuote } from './cost-quote';

const kits = brandKitsApi(api);

/**
 * The kits to choose from, or why there are none: the quote says whether the plan has brand kits, so
 * Free does not ask the list only to be refused (403 plan_required, still handled).
 */
function useBrandKits(allowed: boolean | undefined) {
  const [state, setState] = useState<{ items: BrandKit[]; needsPlan: boolean } | null>(null);
  useEffect(() => {
    if (allowed === undefined) return;
    if (!allowed) return setState({ items: [], needsPlan: true });
    let live = true;
    kits.list().then(
      (page) => live && setState({ items: page.items, needsPlan: false }),
      (err) => live && setState({ items: [], needsPlan: isApiError(err) && err.code === 'plan_required' }),
    );
    return () => {
      live = false;
    };
  }, [allowed]);
  return state;
}

/** The request: prompt, format or size, brand kit, style and tone, with the cost shown before sending. */
export function GenerateForm({
  project,
  quote,
  from,
  onStarted,
}: {
  project: Project;
  quote: Quote | null;
  /** A generation opened from the history: its request fills the form, to tweak and send again. */
  from: Generation | null;
  onStarted: (g: Generation) => void;
}) {
  const { t, i18n } = useT();
  const promptId = useId();
  const [prompt, setPrompt] = useState('');
  const [size, setSize] = useState<FormatValue>({
    format: project.format,
    width: String(project.width),
    height: String(project.height),
  });
  const { format, width, height } = size;
  const [brandKitId, setBrandKitId] = useState(project.brandKitId ?? '');
  const [style, setStyle] = useState('');
  const [tone, setTone] = useState('');
  const brandKits = useBrandKits(quote?.canUseBrandKits);
  const start = useStudio((s) => s.start);
  const busy = useStudio((s) => s.busy);
  const failure = useStudio((s) => (s.failure?.action === 'start' ? s.failure.error : null));
  const fields = fieldErrors(failure, t);

  const fromId = from?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another generation is opened
  useEffect(() => {
    if (!from) return;
    setPrompt(from.prompt);
    setSize({ format: from.format, width: String(from.width), height: String(from.height) });
    setBrandKitId(from.brandKitId ?? '');
    setStyle(from.style ?? '');
    setTone(from.tone ?? '');
  }, [fromId]);

  const custom = format === 'custom';
  const length = [...prompt].length;
  const tooLong = length > PROMPT_MAX;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!prompt.trim() || tooLong) {
      document.getElementById(promptId)?.focus();
      return;
    }
    const body: NewGeneration = {
      projectId: project.id,
      prompt: prompt.trim(),
      format,
      ...(custom ? { width: Number(width), height: Number(height) } : {}),
      ...(brandKitId ? { brandKitId } : {}),
      ...(style.trim() ? { style: style.trim() } : {}),
      ...(tone.trim() ? { tone: tone.trim() } : {}),
    };
    const g = await start(body);
    if (g) onStarted(g);
  };
  const promptError = fields.prompt ?? (tooLong ? t('studio:form.promptTooLong') : undefined);

  return (
    <section className="card" aria-labelledby="studio-request">
      <h2 id="studio-request">{t('studio:form.title')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={promptId}>{t('studio:form.prompt')}</label>
          <textarea
            id={promptId}
            name="prompt"
            rows={4}
            required
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            aria-invalid={promptError ? true : undefined}
            aria-describedby={`${promptId}-count${promptError ? ` ${promptId}-error` : ''}`}
          />
          <div id={`${promptId}-count`} className={`field-hint${tooLong ? ' field-error' : ''}`}>
            {t('studio:form.count', {
              used: formatNumber(length, i18n.language),
              max: formatNumber(PROMPT_MAX, i18n.language),
            })}
          </div>
          {promptError && (
            <div id={`${promptId}-error`} className="field-error">
              {promptError}
            </div>
          )}
        </div>
        <FormatFields label={t('studio:form.format')} value={size} onChange={setSize} errors={fields} />
        {brandKits?.needsPlan ? (
          <p className="field-hint">
            {t('studio:brandKit.needsPlan')} <Link to="/billing">{t('common:upgrade.link')}</Link>
          </p>
        ) : (
          <SelectField
            label={t('studio:form.brandKit')}
            name="brandKitId"
            value={brandKitId}
            onChange={setBrandKitId}
            disabled={!brandKits}
            options={[
              { value: '', label: t('studio:form.noBrandKit') },
              ...(brandKits?.items ?? []).map((k) => ({ value: k.id, label: k.name })),
            ]}
          />
        )}
        <div className="form-row">
          <TextField
            label={t('studio:form.style')}
            name="style"
            maxLength={TEXT_MAX}
            placeholder={t('studio:form.stylePlaceholder')}
            value={style}
            onChange={(e) => setStyle(e.target.value)}
            error={fields.style}
          />
          <TextField
            label={t('studio:form.tone')}
            name="tone"
            maxLength={TEXT_MAX}
            placeholder={t('studio:form.tonePlaceholder')}
            value={tone}
            onChange={(e) => setTone(e.target.value)}
            error={fields.tone}
          />
        </div>
        <CostQuote quote={quote} />
        <ActionError error={failure} />
        <div>
          <SubmitButton pending={busy === 'start'} disabled={busy !== null && busy !== 'start'}>
            {t('studio:form.submit')}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
