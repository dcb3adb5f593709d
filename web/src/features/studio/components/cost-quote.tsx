import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import type { Quote } from '../studio.api';

/** What sending costs, before it is sent: the batch of samples, the balance, the final's prices. */
export function CostQuote({ quote }: { quote: Quote | null }) {
  const { t, i18n } = useT();
  if (!quote) return <p className="muted">{t('studio:quote.loading')}</p>;
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <div className="studio-quote" data-testid="studio-quote">
      <p>
        <strong>
          {quote.costs.samples === 0
            ? t('studio:quote.samplesIncluded', { available: n(quote.available) })
            : t('studio:quote.samples', { cost: n(quote.costs.samples), available: n(quote.available) })}
        </strong>
      </p>
      <p className="muted">
        {t('studio:quote.finals', {
          standard: n(quote.costs.final_standard),
          high: n(quote.costs.final_high),
        })}
      </p>
      {quote.watermark && <p className="muted">{t('studio:quote.watermark')}</p>}
      {quote.offline && <p className="muted">{t('studio:offline.before')}</p>}
    </div>
  );
}
