import { useT } from '../../../lib/use-t';

/** Rename and archive/restore for one workbench or project row; the name completes each label for screen readers. */
export function ItemActions(props: {
  name: string;
  archived: boolean;
  pending: boolean;
  onRename: () => void;
  onToggleArchived: () => void;
}) {
  const { t } = useT();
  return (
    <div className="toolbar">
      <button type="button" className="button button--secondary" onClick={props.onRename}>
        {t('common:actions.rename')}
        <span className="visually-hidden"> {props.name}</span>
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={props.pending}
        onClick={props.onToggleArchived}
      >
        {props.archived ? t('common:actions.restore') : t('common:actions.archive')}
        <span className="visually-hidden"> {props.name}</span>
      </button>
    </div>
  );
}
