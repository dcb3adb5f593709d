import { type DragEvent, useId, useState } from 'react';
import { useT } from '../../../lib/use-t';

/**
 * Drag files here, or choose them: the file input is the keyboard and screen-reader way in, the
 * zone around it takes drops.
 */
export function DropZone({
  label,
  multiple = true,
  accept = 'image/png,image/jpeg,image/webp,image/gif',
  disabled,
  onFiles,
}: {
  label: string;
  multiple?: boolean;
  accept?: string;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
}) {
  const { t } = useT();
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) onFiles([...e.dataTransfer.files].slice(0, multiple ? undefined : 1));
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drops are a mouse shortcut; the file input inside is the accessible way
    <div
      className="drop-zone"
      data-over={over}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p aria-hidden="true">{t('assets:dropHere')}</p>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        multiple={multiple}
        accept={accept}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <span id={`${id}-hint`} className="field-hint">
        {t('assets:hint')}
      </span>
    </div>
  );
}
