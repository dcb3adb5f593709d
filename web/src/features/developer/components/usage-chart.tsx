import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import type { UsageDay } from '../developer.api';
import { ScrollBox } from './scroll-box';

/** `n` days ending with `last` (YYYY-MM-DD, UTC), oldest first. */
export function lastDays(last: string, n: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** Every day of the window, with zeros where the server had nothing (it may leave quiet days out). */
export function fillDays(
  days: UsageDay[],
  n: number,
  today = new Date().toISOString().slice(0, 10),
): UsageDay[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const newest = days.reduce((max, d) => (d.day > max ? d.day : max), today);
  return lastDays(newest, n).map((day) => byDay.get(day) ?? { day, requests: 0, generations: 0 });
}

const W = 10; // one day's slot in viewBox units
const H = 100;

/**
 * Requests and generations per day as bars (plain SVG: no chart library in the bundle). The picture is
 * for the eye; the same figures are in a table under it for screen readers and keyboards.
 */
export function UsageChart({ days }: { days: UsageDay[] }) {
  const { t, i18n } = useT();
  const lng = i18n.language;
  const caption = t('developer:usage.chartLabel', { days: days.length });
  const max = Math.max(1, ...days.map((d) => Math.max(d.requests, d.generations)));
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(lng, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  const bar = (value: number) => (value === 0 ? 0 : Math.max(1.5, (value / max) * H));
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="usage-chart">
      <figcaption>{caption}</figcaption>
      <div className="usage-chart__plot">
        <span className="usage-chart__max muted" aria-hidden="true">
          {formatNumber(max, lng)}
        </span>
        <svg
          viewBox={`0 0 ${days.length * W} ${H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={caption}
          focusable="false"
        >
          {days.map((d, i) => (
            <g key={d.day}>
              <title>
                {`${dayLabel(d.day)}: ${t('developer:usage.dayFigures', {
                  requests: formatNumber(d.requests, lng),
                  generations: formatNumber(d.generations, lng),
                })}`}
              </title>
              {/* The whole slot answers hover, even on a quiet day. */}
              <rect x={i * W} y={0} width={W} height={H} fill="transparent" />
              <rect
                className="usage-chart__requests"
                x={i * W + 1}
                y={H - bar(d.requests)}
                width={4}
                height={bar(d.requests)}
              />
              <rect
                className="usage-chart__generations"
                x={i * W + 5}
                y={H - bar(d.generations)}
                width={4}
                height={bar(d.generations)}
              />
            </g>
          ))}
        </svg>
      </div>
      <div className="usage-chart__axis muted" aria-hidden="true">
        <span>{first && dayLabel(first.day)}</span>
        <span>{last && dayLabel(last.day)}</span>
      </div>
      <ul className="usage-chart__legend">
        <li>
          <span className="usage-chart__swatch usage-chart__requests" aria-hidden="true" />
          {t('developer:usage.requests')}
        </li>
        <li>
          <span className="usage-chart__swatch usage-chart__generations" aria-hidden="true" />
          {t('developer:usage.generations')}
        </li>
      </ul>
      <details>
        <summary>{t('developer:usage.asTable')}</summary>
        <ScrollBox label={caption}>
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('developer:usage.day')}</th>
                <th scope="col">{t('developer:usage.requests')}</th>
                <th scope="col">{t('developer:usage.generations')}</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((d) => (
                <tr key={d.day}>
                  <th scope="row">{dayLabel(d.day)}</th>
                  <td>{formatNumber(d.requests, lng)}</td>
                  <td>{formatNumber(d.generations, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </details>
    </figure>
  );
}
