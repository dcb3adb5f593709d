import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api, type Project } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { useProfile } from '../account/profile.store';
import { useSession } from '../auth/auth.store';
import { accessTokens } from '../notifications/notifications.store';
import { workbenchesApi } from '../workbenches/workbenches.api';
import { canvasApi } from './canvas.api';
import { useCollabRoom } from './collab-room';
import { CanvasEditor } from './components/canvas-editor';
import { CommentsPanel } from './components/comments-panel';
import { colourFor } from './presence';
import './canvas.css';

const workbenches = workbenchesApi(api);
const calls = canvasApi(api);

interface Access {
  project: Project;
  /** Viewers see the design and comment; they cannot change it. */
  readOnly: boolean;
  canModerate: boolean;
  names: Map<string, string>;
}

/** The project, whether the caller may edit it, and the names of the people who may see it. */
async function loadAccess(projectId: string, userId: string): Promise<Access> {
  const project = await workbenches.project(projectId);
  const workbench = await workbenches.get(project.workbenchId);
  if (!workbench.teamId) return { project, readOnly: false, canModerate: true, names: new Map() };
  const team = await calls.team(workbench.teamId);
  const role = team.members.find((m) => m.userId === userId)?.role ?? 'viewer';
  return {
    project,
    readOnly: role === 'viewer',
    canModerate: role !== 'viewer',
    names: new Map(team.members.map((m) => [m.userId, m.displayName || m.email])),
  };
}

/** /projects/:projectId/canvas: the design edited together, live, with presence and comments. */
export function CanvasPage() {
  const { t } = useT();
  const { projectId = '' } = useParams();
  const [params] = useSearchParams();
  const user = useSession((s) => s.user);
  const displayName = useProfile((s) => s.profile?.displayName);
  const [access, setAccess] = useState<Access | null>(null);
  const [selection, setSelection] = useState<string | null>(null);
  const load = useSubmit();
  const { room, status, synced, refused, denied } = useCollabRoom(projectId, accessTokens);
  const [layers, setLayers] = useState<Array<{ id: string; name: string }>>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the project or the user changes
  useEffect(() => {
    setAccess(null);
    if (user) void load.run(async () => setAccess(await loadAccess(projectId, user.id)));
  }, [projectId, user?.id]);
  // The comments panel names layers; read them from the doc as it changes.
  useEffect(() => {
    if (!room) return;
    const read = () =>
      setLayers(
        room.ydoc
          .getArray<{ get(k: string): unknown }>('layers')
          .toArray()
          .map((m) => ({ id: String(m.get('id')), name: String(m.get('name')) })),
      );
    read();
    room.ydoc.on('update', read);
    return () => room.ydoc.off('update', read);
  }, [room]);

  const me = useMemo(
    () => ({ name: displayName || user?.email || '?', colour: colourFor(user?.id ?? '') }),
    [displayName, user?.email, user?.id],
  );
  const readOnly = (access?.readOnly ?? true) || denied;
  const title = access ? t('canvas:title', { project: access.project.name }) : t('canvas:titlePlain');

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {!access ? (
        load.error ? (
          <Alert kind="error">{load.error}</Alert>
        ) : (
          <p role="status">{t('common:loading')}</p>
        )
      ) : (
        <>
          <div className="toolbar page-actions">
            <Link to={`/projects/${projectId}`}>{t('canvas:backToProject')}</Link>
            <Link to={`/projects/${projectId}/studio`}>{t('studio:generate')}</Link>
            <span className="muted" role="status" data-status={synced ? 'synced' : status}>
              {refused
                ? ''
                : synced && status === 'connected'
                  ? t('canvas:status.live')
                  : status === 'connected'
                    ? t('canvas:status.syncing')
                    : t('canvas:status.offline')}
            </span>
          </div>
          {refused && <Alert kind="error">{t(`canvas:refused.${refused}`)}</Alert>}
          {readOnly && access && <Alert kind="info">{t('canvas:readOnly')}</Alert>}
          {room && !refused && (synced || room.ydoc.getArray('layers').length > 0) ? (
            <CanvasEditor
              ydoc={room.ydoc}
              awareness={room.provider.awareness}
              readOnly={readOnly}
              me={me}
              onSelectionChange={setSelection}
            />
          ) : (
            !refused && <p role="status">{t('canvas:connecting')}</p>
          )}
          {user && (
            <CommentsPanel
              projectId={projectId}
              myId={user.id}
              names={access.names}
              canModerate={access.canModerate}
              layers={layers}
              selectedLayer={selection}
              highlight={params.get('comment')}
            />
          )}
        </>
      )}
    </>
  );
}
