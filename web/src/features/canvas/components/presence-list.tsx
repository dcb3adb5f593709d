import { useT } from '../../../lib/use-t';
import { initials, type Peer } from '../presence';

/** Who is here: an avatar per person in their colour (this tab first, marked "you"). */
export function PresenceList({ peers }: { peers: Peer[] }) {
  const { t } = useT();
  return (
    <ul className="presence" aria-label={t('canvas:presence.label', { count: peers.length })}>
      {peers.map((p) => {
        const name = p.self ? t('canvas:presence.you', { name: p.name }) : p.name;
        return (
          <li key={p.clientId} title={name}>
            <span className="presence-avatar" style={{ background: p.colour }} aria-hidden="true">
              {initials(p.name)}
            </span>
            <span className="visually-hidden">{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
