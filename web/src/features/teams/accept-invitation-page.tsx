import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, useSubmit } from '../../components/form';
import { PageHeading } from '../../components/page-heading';
import { api } from '../../lib/api';
import { useT } from '../../lib/use-t';
import { teamsApi } from './teams.api';

const teams = teamsApi(api);

/** The emailed invitation's page: joining is an explicit click, never a side effect of opening a link. */
export function AcceptInvitationPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const token = useRef(params.get('token') ?? '');
  const [joined, setJoined] = useState<string | null>(null);
  const form = useSubmit();
  return (
    <>
      <PageHeading title={t('teams:accept.title')}>{t('teams:accept.title')}</PageHeading>
      <Alert kind="error">{form.error}</Alert>
      {joined ? (
        <>
          <Alert kind="success">{t('teams:accept.done')}</Alert>
          <p>
            <Link to={`/teams/${joined}`}>{t('teams:accept.open')}</Link>
          </p>
        </>
      ) : token.current ? (
        <>
          <p>{t('teams:accept.explained')}</p>
          <button
            type="button"
            className="button"
            disabled={form.pending}
            onClick={() => void form.run(async () => setJoined((await teams.accept(token.current)).teamId))}
          >
            {t('teams:accept.submit')}
          </button>
        </>
      ) : (
        <Alert kind="error">{t('errors:codes.invalid_token')}</Alert>
      )}
    </>
  );
}
