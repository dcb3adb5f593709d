import { useId } from 'react';
import type { BrandColour } from '../../../lib/api';
import { useT } from '../../../lib/use-t';

export const HEX = /^#[0-9A-Fa-f]{6}$/;
export const MAX_COLOURS = 32;

/** Named colours, each with a picker and its hex code (typed codes are checked as you go). */
export function ColourList({
  colours,
  onChange,
}: {
  colours: BrandColour[];
  onChange: (c: BrandColour[]) => void;
}) {
  const { t } = useT();
  const base = useId();
  const set = (i: number, patch: Partial<BrandColour>) =>
    onChange(colours.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="field">
      <legend>{t('brand-kits:colours.title')}</legend>
      {colours.length === 0 && <p className="muted">{t('brand-kits:colours.none')}</p>}
      <ul className="colour-list">
        {colours.map((c, i) => {
          const id = `${base}-${i}`;
          const bad = !HEX.test(c.hex);
          const n = i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity
            <li key={i}>
              <div className="field">
                <label htmlFor={`${id}-name`}>{t('brand-kits:colours.name', { n })}</label>
                <input
                  id={`${id}-name`}
                  value={c.name}
                  maxLength={50}
                  onChange={(e) => set(i, { name: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-pick`}>{t('brand-kits:colours.pick', { n })}</label>
                <input
                  id={`${id}-pick`}
                  type="color"
                  className="colour-picker"
                  value={bad ? '#000000' : c.hex.toLowerCase()}
                  onChange={(e) => set(i, { hex: e.target.value.toUpperCase() })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-hex`}>{t('brand-kits:colours.hex', { n })}</label>
                <input
                  id={`${id}-hex`}
                  value={c.hex}
                  maxLength={7}
                  spellCheck={false}
                  aria-invalid={bad || undefined}
                  aria-describedby={bad ? `${id}-error` : undefined}
                  onChange={(e) => set(i, { hex: e.target.value.trim() })}
                />
                {bad && (
                  <div id={`${id}-error`} className="field-error">
                    {t('brand-kits:colours.invalid')}
                  </div>
                )}
              </div>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onChange(colours.filter((_, j) => j !== i))}
              >
                {t('brand-kits:colours.remove', { n })}
              </button>
            </li>
          );
        })}
      </ul>
      {colours.length < MAX_COLOURS && (
        <div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              onChange([
                ...colours,
                { name: t('brand-kits:colours.newName', { n: colours.length + 1 }), hex: '#4338CA' },
              ])
            }
          >
            {t('brand-kits:colours.add')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
