import { SelectField, TextField } from '../../../components/form';
import type { FormatId } from '../../../lib/api';
import { useT } from '../../../lib/use-t';
import { CUSTOM_MAX_PX, CUSTOM_MIN_PX, formatIds, formatLabel } from '../formats';

export interface FormatValue {
  format: FormatId;
  width: string;
  height: string;
}

/** A format picker and, for `custom`, its width and height (50–4,096 px): new projects and the studio. */
export function FormatFields({
  label,
  value,
  onChange,
  errors,
}: {
  label: string;
  value: FormatValue;
  onChange: (next: FormatValue) => void;
  errors: Partial<Record<'width' | 'height', string>>;
}) {
  const { t } = useT();
  const sizeHint = t('workbenches:newProject.sizeHint', { min: CUSTOM_MIN_PX, max: CUSTOM_MAX_PX });
  return (
    <>
      <SelectField
        label={label}
        name="format"
        value={value.format}
        onChange={(f) => onChange({ ...value, format: f as FormatId })}
        options={formatIds.map((id) => ({ value: id, label: formatLabel(t, id) }))}
      />
      {value.format === 'custom' && (
        <div className="form-row">
          {(['width', 'height'] as const).map((side) => (
            <TextField
              key={side}
              label={t(`workbenches:newProject.${side}`)}
              name={side}
              type="number"
              inputMode="numeric"
              min={CUSTOM_MIN_PX}
              max={CUSTOM_MAX_PX}
              required
              hint={sizeHint}
              value={value[side]}
              onChange={(e) => onChange({ ...value, [side]: e.target.value })}
              error={errors[side]}
            />
          ))}
        </div>
      )}
    </>
  );
}
