import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Odoo speaking both external APIs over real HTTP, for the odoo-sync tests: JSON-RPC
 * (`POST /jsonrpc`, `common.login` and `object.execute_kw`, errors as HTTP 200 with an `error` member)
 * and JSON-2 (`POST /json/2/<model>/<method>` with a bearer key, errors as HTTP 4xx/5xx with the
 * serialised exception). Records live in memory; switches make it go down or refuse.
 */

type Rec = Record<string, unknown> & { id: number };
type Params = { ids?: number[]; domain?: unknown[]; fields?: string[]; limit?: number } & Record<
  string,
  unknown
>;

/** An Odoo exception: `name` is its Python path, `status` what JSON-2 answers with (`http_status`). */
class OdooException extends Error {
  constructor(
    readonly odooName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
const userError = (m: string) => new OdooException('odoo.exceptions.UserError', m, 422);
const missing = () =>
  new OdooException('odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 404);

/** `odoo.http.serialize_exception`. */
const serialize = (e: OdooException) => ({
  name: e.odooName,
  message: e.message,
  arguments: [e.message],
  context: {},
  debug: `Traceback (most recent call last):\n  File "odoo/http.py", line 1, in dispatch\n${e.odooName}: ${e.message}\n`,
});

/** Many2one fields come back from search_read as `[id, display_name]`, or false. */
const M2O: Record<string, string> = {
  partner_id: 'res.partner',
  currency_id: 'res.currency',
  reversed_entry_id: 'account.move',
  product_id: 'product.product',
};

export async function startOdooFake() {
  const db = 'atelier-test';
  const user = 'bot@atelier.test';
  const apiKey = 'odoo-test-api-key-0123456789abcdef';
  const uid = 2;
  const taxId = 3;
  let nextId = 100;
  const models: Record<string, Map<number, Rec>> = {
    'res.partner': new Map(),
    'product.product': new Map([[7, { id: 7, default_code: 'ATELIER-CREDITS', name: 'Atelier credits' }]]),
    'res.currency': new Map([
      [1, { id: 1, name: 'EUR' }],
      [2, { id: 2, name: 'USD' }],
    ]),
    'account.move': new Map(),
  };
  const state = {
    url: '',
    db,
    user,
    apiKey,
    taxId,
    /** 'refuse': connections are dropped; 'bad-gateway': a proxy's 502 page; 'hang': no answer. */
    down: false as false | 'refuse' | 'bad-gateway' | 'hang',
    /** Requests turned away while down. */
    downHits: 0,
    /** When set, `account.move` `create` raises a UserError with this message. */
    refuse: false as string | false,
    /** The next N calls answer Odoo's session-expired error. */
    expireSessions: 0,
    calls: [] as Array<{
      api: 'jsonrpc' | 'json2';
      model: string;
      method: string;
      status: number;
      error?: string;
    }>,
    /** The records by model, to look at or change (e.g. delete the product). */
    models,
    records: (model: string) => [...(models[model]?.values() ?? [])],
  };

  const table = (model: string) => {
    const t = models[model];
    if (!t) throw new OdooException('builtins.KeyError', model, 404);
    return t;
  };
  const matches = (r: Rec, domain: unknown[]) =>
    domain.every((term) => {
      const [field, op, value] = term as [string, string, unknown];
      const v = r[field] ?? false;
      if (op === '=') return v === value;
      if (op === '!=') return v !== value;
      throw new OdooException('builtins.ValueError', `Invalid leaf ${JSON.stringify(term)}`, 500);
    });
  const read = (r: Rec, fields: string[] | undefined) =>
    Object.fromEntries(
      ['id', ...(fields ?? Object.keys(r))].map((f) => {
        const v = r[f] ?? false;
        const target = M2O[f];
        if (!target || v === false) return [f, v];
        const other = models[target]?.get(v as number);
        return [f, [v, other?.name ?? other?.ref ?? '']];
      }),
    );

  function createMove(vals: Record<string, unknown>): Rec {
    if (state.refuse) throw userError(state.refuse);
    if (vals.move_type !== 'out_invoice' && vals.move_type !== 'out_refund')
      throw new OdooException(
        'odoo.exceptions.ValidationError',
        `Wrong value for move_type: ${vals.move_type}`,
        422,
      );
    if (!models['res.partner']!.has(vals.partner_id as number)) throw missing();
    const lines = ((vals.invoice_line_ids as unknown[][] | undefined) ?? []).map((cmd) => {
      const [op, , line] = cmd as [number, number, Record<string, unknown>];
      if (op !== 0) throw userError(`Unsupported command ${op}`);
      if (!models['product.product']!.has(line.product_id as number)) throw missing();
      const taxes = (line.tax_ids as unknown[][] | undefined)?.find((c) => c[0] === 6)?.[2] ?? [];
      return { ...line, tax_ids: taxes };
    });
    return { ...vals, id: 0, state: 'draft', invoice_line_ids: lines };
  }

  function run(model: string, method: string, p: Params): unknown {
    const t = table(model);
    switch (method) {
      case 'search_read': {
        const found = [...t.values()].filter((r) => matches(r, p.domain ?? []));
        return found.slice(0, p.limit || undefined).map((r) => read(r, p.fields));
      }
      case 'create': {
        if (model !== 'res.partner' && model !== 'account.move')
          throw new OdooException(
            'odoo.exceptions.AccessError',
            `You are not allowed to create ${model}`,
            403,
          );
        const many = Array.isArray(p.vals_list);
        const ids = (many ? (p.vals_list as Array<Record<string, unknown>>) : [p.vals_list as Rec]).map(
          (vals) => {
            const rec = model === 'account.move' ? createMove(vals) : { ...vals, id: 0 };
            rec.id = nextId++;
            t.set(rec.id, rec);
            return rec.id;
          },
        );
        return many ? ids : ids[0];
      }
      case 'write':
        for (const id of p.ids ?? []) {
          const rec = t.get(id);
          if (!rec) throw missing();
          Object.assign(rec, p.vals);
        }
        return true;
      case 'action_post':
        for (const id of p.ids ?? []) {
          const move = t.get(id);
          if (!move) throw missing();
          if (move.state === 'posted')
            throw userError(`The entry ${move.name} (id ${id}) is already posted.`);
          if ((move.invoice_line_ids as unknown[]).length === 0)
            throw userError('You need to add a line before posting.');
          const prefix = move.move_type === 'out_invoice' ? 'INV' : 'RINV';
          Object.assign(move, { state: 'posted', name: `${prefix}/2026/${String(id).padStart(5, '0')}` });
        }
        return false; // what Odoo returns, for XML-RPC's sake
      default:
        throw new OdooException(
          'builtins.AttributeError',
          `The method '${method}' does not exist on the model '${model}'`,
          404,
        );
    }
  }

  /** execute_kw's positional arguments, as the methods' signatures name them. */
  function named(method: string, args: unknown[], kwargs: Params): Params {
    if (method === 'search_read')
      return { domain: args[0], fields: args[1], limit: args[3], ...kwargs } as Params;
    if (method === 'create') return { vals_list: args[0], ...kwargs };
    return { ids: args[0] as number[], vals: args[1], ...kwargs };
  }

  function jsonrpc(body: { id?: unknown; params?: { service?: string; method?: string; args?: unknown[] } }) {
    const { service = '', method = '', args = [] } = body.params ?? {};
    if (service === 'common' && method === 'login') {
      const ok = args[0] === db && args[1] === user && args[2] === apiKey;
      return ok ? uid : false;
    }
    if (service !== 'object' || method !== 'execute_kw')
      throw new OdooException('werkzeug.exceptions.NotFound', `No such method ${service}.${method}`, 404);
    const [d, u, key, model, m, pos = [], kw = {}] = args as [
      string,
      number,
      string,
      string,
      string,
      unknown[],
      Params,
    ];
    if (d !== db || u !== uid || key !== apiKey)
      throw new OdooException('odoo.exceptions.AccessDenied', 'Access Denied', 403);
    return run(model, m, named(m, pos, kw));
  }

  function json2(model: string, method: string, headers: IncomingMessage['headers'], body: Params) {
    if (headers.authorization?.replace(/^bearer /i, '') !== apiKey)
      throw new OdooException('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401);
    if (headers['x-odoo-database'] && headers['x-odoo-database'] !== db)
      throw new OdooException('werkzeug.exceptions.NotFound', 'Database not found', 404);
    return run(model, method, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (state.down) {
      state.downHits++;
      if (state.down === 'refuse') req.socket.destroy();
      if (state.down === 'bad-gateway')
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><h1>502 Bad Gateway</h1></html>');
      return; // 'hang': never answered
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const send = (status: number, payload: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    const rpc = req.url === '/jsonrpc';
    const route = /^\/json\/2\/([\w.]+)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || (!rpc && !route))
      return send(404, { name: 'werkzeug.exceptions.NotFound', message: 'Not Found' });
    const api = rpc ? 'jsonrpc' : 'json2';
    const args = body.params?.args ?? [];
    const [model, method] = rpc
      ? [args[3] ?? body.params?.service, args[4] ?? body.params?.method]
      : [route![1]!, route![2]!];
    const reply = { jsonrpc: '2.0', id: body.id ?? null };
    const expired = new OdooException('odoo.http.SessionExpiredException', 'Session expired', 403);
    try {
      if (state.expireSessions > 0 && state.expireSessions--) throw expired;
      const result = rpc ? jsonrpc(body) : json2(model, method, req.headers, body);
      state.calls.push({ api, model, method, status: 200 });
      send(200, rpc ? { ...reply, result } : result);
    } catch (err) {
      const e =
        err instanceof OdooException ? err : new OdooException('builtins.Exception', String(err), 500);
      // JSON-RPC: always HTTP 200, the error's code 100 for an expired session, 404 for not found, else 200.
      const status = rpc ? 200 : e.status;
      state.calls.push({ api, model, method, status, error: e.odooName });
      if (!rpc) return send(status, serialize(e));
      const code = e === expired ? 100 : e.odooName === 'werkzeug.exceptions.NotFound' ? 404 : 200;
      const message = { 100: 'Odoo Session Expired', 404: '404: Not Found', 200: 'Odoo Server Error' }[code];
      send(200, { ...reply, error: { code, message, data: serialize(e) } });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export type OdooFake = Awaited<ReturnType<typeof startOdooFake>>;
