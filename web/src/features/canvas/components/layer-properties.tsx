import type { Layer } from '@atelier/shared/creative/design-document';
import { type RefObject, useId } from 'react';
import { useT } from '../../../lib/use-t';
import type { Box } from '../layer-ops';

interface Props {
  layers: Layer[];
  layer: Layer | null;
  readOnly: boolean;
  onSelect(id: string | null): void;
  onBox(id: string, box: Partial<Box>): void;
  onText(id: string, text: string): void;
  textArea: RefObject<HTMLTextAreaElement | null>;
}

const fields: Array<keyof Box> = ['x', 'y', 'width', 'height'];

/**
 * The layers as a list (every layer reachable without a pointer) and the selected one's box and text
 * as fields: the keyboard and screen-reader way to do what the stage does by dragging.
 */
export function LayerProperties({ layers, layer, readOnly, onSelect, onBox, onText, textArea }: Props) {
  const { t } = useT();
  const id = useId();
  return (
    <aside className="canvas-side card" aria-labelledby={`${id}-layers`}>
      <h2 id={`${id}-layers`}>{t('canvas:layers.title')}</h2>
      {layers.length === 0 ? (
        <p className="muted">{t('canvas:layers.empty')}</p>
      ) : (
        <ul className="canvas-layer-list">
          {[...layers].reverse().map((l) => (
            <li key={l.id}>
              <button
                type="button"
                className="link-button"
                aria-pressed={layer?.id === l.id}
                onClick={() => onSelect(layer?.id === l.id ? null : l.id)}
              >
                {l.name} <span className="muted">({t(`canvas:layer.types.${l.type}`)})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {layer && (
        <fieldset className="canvas-props" disabled={readOnly}>
          <legend>{t('canvas:props.title', { name: layer.name })}</legend>
          <div className="canvas-box-fields">
            {fields.map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`${id}-${f}`}>{t(`canvas:props.${f}`)}</label>
                <input
                  id={`${id}-${f}`}
                  type="number"
                  inputMode="numeric"
                  value={Math.round(layer[f])}
                  disabled={readOnly || layer.locked}
                  onChange={(e) => {
                    const v = e.target.valueAsNumber;
                    if (Number.isFinite(v)) onBox(layer.id, { [f]: v });
                  }}
                />
              </div>
            ))}
          </div>
          {layer.type === 'text' && (
            <div className="field">
              <label htmlFor={`${id}-text`}>{t('canvas:props.text')}</label>
              <textarea
                id={`${id}-text`}
                ref={textArea}
                rows={3}
                maxLength={2000}
                value={layer.text}
                disabled={readOnly || layer.locked}
                onChange={(e) => onText(layer.id, e.target.value)}
              />
            </div>
          )}
          {layer.locked && <p className="muted">{t('canvas:props.locked')}</p>}
        </fieldset>
      )}
    </aside>
  );
}
