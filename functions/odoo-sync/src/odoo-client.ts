import { AppError } from '@atelier/shared/errors';

export interface OdooSettings {
  url: string;
  /** `jsonrpc`: `/jsonrpc` + `object.execute_kw` (Odoo 17/18); `json2`: `/json/2/<model>/<method>` (19+). */
  api: 'jsonrpc' | 'json2';
  db: string | undefined;
  user: string | undefined;
  apiKey: string;
  timeoutMs: number;
}

/** Named arguments, as JSON-2 takes them; `ids` is the recordset a method like `write` runs on. */
export type OdooParams = { ids?: number[] } & Record<string, unknown>;

export interface Odoo {
  call<T>(model: string, method: string, params: OdooParams): Promise<T>;
}

/** Odoo said no (bad data, rights, configuration): a retry gives the same answer, so dead-letter at once. */
const refused = (message: string) => new AppError('provider_rejected', 422, message);
/** Odoo could not answer now (down, slow, 5xx, expired session): the runner retries with back-off. */
const unavailable = (message: string) => new AppError('dependency_unavailable', 503, message);

const REFUSALS = new Set(['UserError', 'ValidationError', 'AccessDenied', 'AccessError', 'MissingError']);
const retryableStatus = (s: number) => s >= 500 || s === 408 || s === 409 || s === 429;

/** Odoo's serialised exception (`odoo.http.serialize_exception`): `{name, message, arguments, debug}`. */
function odooError(name: string, message: string, status: number) {
  const short = name.split('.').pop() ?? name;
  if (REFUSALS.has(short)) return refused(`Odoo refused (${short}): ${message}`);
  const what = name || `HTTP ${status}`;
  if (short === 'SessionExpiredException' || retryableStatus(status))
    return unavailable(`Odoo failed (${what}): ${message}`);
  return refused(`Odoo refused (${what}): ${message}`);
}

/** A small fetch client for both external APIs (no npm Odoo client speaks JSON-2). */
export function createOdoo(s: OdooSettings): Odoo {
  const base = s.url.replace(/\/+$/, '');

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    try {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(s.timeoutMs),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, text, json: json as Record<string, unknown> | undefined };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw unavailable(`Odoo unreachable at ${base}${path}: ${e.cause?.code ?? e.name} ${e.message}`);
    }
  }

  let seq = 0;
  async function rpc(service: string, method: string, args: unknown[]) {
    const { status, text, json } = await post('/jsonrpc', {
      jsonrpc: '2.0',
      method: 'call',
      id: ++seq,
      params: { service, method, args },
    });
    // JSON-RPC reports errors with HTTP 200 and an `error` member: check it, not the status.
    const error = json?.error as {
      code?: number;
      message?: string;
      data?: { name?: string; message?: string };
    };
    if (error) {
      if (error.code === 100) uid = undefined; // session expired: log in again on the retry
      // Other exceptions than Odoo's refusals are server errors (JSON-2 answers them with a 500).
      const as = error.code === 100 ? 503 : error.code === 404 ? 404 : 500;
      throw odooError(error.data?.name ?? '', error.data?.message ?? error.message ?? '', as);
    }
    if (status !== 200 || !json || !('result' in json))
      throw odooError('', `HTTP ${status} from /jsonrpc: ${text.slice(0, 200)}`, status);
    return json.result;
  }

  let uid: number | undefined;
  async function login(): Promise<number> {
    // `login` answers false (not an error) for a wrong database, user or key.
    uid ??= ((await rpc('common', 'login', [s.db, s.user, s.apiKey])) as number | false) || undefined;
    if (!uid)
      throw refused(
        `Odoo login failed for user ${s.user} on database ${s.db}: check ODOO_DB, ODOO_USER and the API key`,
      );
    return uid;
  }

  async function json2(model: string, method: string, params: OdooParams) {
    const headers: Record<string, string> = { authorization: `bearer ${s.apiKey}` };
    if (s.db) headers['x-odoo-database'] = s.db;
    const { status, text, json } = await post(`/json/2/${model}/${method}`, params, headers);
    if (status === 200 && json !== undefined) return json;
    const err = (json ?? {}) as { name?: string; message?: string };
    throw odooError(err.name ?? '', err.message ?? text.slice(0, 200), status);
  }

  return {
    async call<T>(model: string, method: string, params: OdooParams): Promise<T> {
      if (s.api === 'json2') return (await json2(model, method, params)) as T;
      const { ids, ...kwargs } = params;
      const args = [s.db, await login(), s.apiKey, model, method, ids ? [ids] : [], kwargs];
      return (await rpc('object', 'execute_kw', args)) as T;
    },
  };
}
