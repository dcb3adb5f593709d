import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds, formats } from '@atelier/shared/creative/formats';
import type { FormatId } from '../../lib/api';
import type { Translate } from '../../lib/use-t';

export { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds };

/** "Instagram post · 1080 × 1080" in the UI's language (names translated, sizes from shared). */
export function formatLabel(t: Translate, id: FormatId, size?: { width: number; height: number }): string {
  const name = t(`workbenches:formats.${id}`);
  const px = id === 'custom' ? size : formats[id];
  return px ? `${name} · ${px.width} × ${px.height}` : name;
}
