import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A stand-in for Stripe's API in tests and browser journeys: a real HTTP server speaking Stripe's REST
 * protocol (form-encoded requests with bracket keys, Bearer secret key, JSON objects and Stripe's error
 * shape) for what Atelier calls: customers, Checkout sessions, billing-portal sessions, subscriptions.
 * It also plays Stripe's side of webhooks: events with the documented shapes (API 2026-10-28), signed
 * with the real `Stripe-Signature` scheme and POSTed to the platform.
 */

export const API_VERSION = '2026-10-28.endive';
const SECRET_KEY = 'sk_test_atelier_fake';
const WEBHOOK_SECRET = 'whsec_atelier_fake_secret';
const PRICES = { pro: 'price_pro_monthly', team: 'price_team_monthly' } as const;

type Obj = Record<string, unknown>;
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 86_400;

/** `a[b][0][c]=1` → { a: { b: [ { c: '1' } ] } } (Stripe's encoding of nested parameters). */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Obj | unknown[] = out;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const key: string | number = Array.isArray(node) ? Number(part) : part;
      const bag = node as Record<string | number, unknown>;
      if (last) bag[key] = value;
      else {
        bag[key] ??= nextIsIndex ? [] : {};
        node = bag[key] as Obj | unknown[];
      }
    });
  }
  return out;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export interface StripeFake {
  url: string;
  secretKey: string;
  webhookSecret: string;
  prices: typeof PRICES;
  /** The overrides that point a test platform at this double. */
  env: Record<string, string>;
  customers: Map<string, Obj>;
  sessions: Map<string, Obj>;
  subscriptions: Map<string, Obj>;
  /** Every API request received (method, path, parsed form). */
  requests: Array<{ method: string; path: string; body: Obj }>;
  /** Makes the next API calls fail like a Stripe outage (503 api_error) while true. */
  down: boolean;
  checkoutPageUrl(sessionId: string): string;
  /** The events Stripe sends when a Checkout session is paid, in Stripe's usual order. */
  checkoutEvents(sessionId: string): Obj[];
  /** Builds one event envelope around an object. */
  event(type: string, object: Obj, previous?: Obj): Obj;
  invoicePaid(subscriptionId: string, opts?: { periodStart?: number; billingReason?: string }): Obj;
  invoicePaymentFailed(subscriptionId: string): Obj;
  subscriptionEvent(type: 'updated' | 'deleted', subscriptionId: string, changes?: Obj): Obj;
  refund(paymentIntent: string, amount: number): Obj;
  dispute(paymentIntent: string, amount: number): Obj;
  /** Signs `event` as Stripe does (or with the given secret/timestamp) and POSTs it to the platform. */
  deliver(platformUrl: string, event: Obj, opts?: { secret?: string; timestamp?: number }): Promise<Response>;
  /** Posts the checkout events for a session (a paid Checkout, as far as Atelier can tell). */
  completeCheckout(platformUrl: string, sessionId: string): Promise<Obj[]>;
  close(): Promise<void>;
}

export async function startStripeFake(): Promise<StripeFake> {
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const requests: StripeFake['requests'] = [];
  let base = '';

  const error = (status: number, type: string, message: string) => ({
    status,
    body: { error: { type, message, request_log_url: `${base}/logs` } },
  });

  function subscriptionItem(price: string, quantity: number, start: number) {
    return {
      id: id('si'),
      object: 'subscription_item',
      price: { id: price, object: 'price', recurring: { interval: 'month' } },
      quantity,
      current_period_start: start,
      current_period_end: start + MONTH,
    };
  }

  function route(method: string, path: string, body: Obj): { status: number; body: unknown } {
    const customerPath = path.match(/^\/v1\/customers\/(\w+)$/);
    const subscriptionPath = path.match(/^\/v1\/subscriptions\/(\w+)$/);
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: id('cus'),
        object: 'customer',
        email: body.email ?? null,
        name: body.name ?? null,
        metadata: body.metadata ?? {},
      };
      customers.set(c.id, c);
      return { status: 200, body: c };
    }
    if (method === 'DELETE' && customerPath) {
      const cid = customerPath[1]!;
      if (!customers.delete(cid)) return error(404, 'invalid_request_error', `No such customer: '${cid}'`);
      for (const s of subscriptions.values()) if (s.customer === cid) s.status = 'canceled';
      return { status: 200, body: { id: cid, object: 'customer', deleted: true } };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const sid = id('cs_test');
      const s = {
        id: sid,
        object: 'checkout.session',
        mode: body.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        line_items: body.line_items,
        subscription_data: body.subscription_data ?? null,
        payment_intent_data: body.payment_intent_data ?? null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        currency: 'usd',
        url: `${base}/c/pay/${sid}`,
      };
      sessions.set(sid, s);
      return { status: 200, body: s };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!customers.has(String(body.customer)))
        return error(400, 'invalid_request_error', `No such customer: '${String(body.customer)}'`);
      return {
        status: 200,
        body: {
          id: id('bps'),
          object: 'billing_portal.session',
          customer: body.customer,
          return_url: body.return_url,
          url: `${base}/p/session/${id('test')}`,
        },
      };
    }
    if (subscriptionPath) {
      const sub = subscriptions.get(subscriptionPath[1]!);
      if (!sub) return error(404, 'invalid_request_error', `No such subscription: '${subscriptionPath[1]}'`);
      if (method === 'GET') return { status: 200, body: sub };
      if (method === 'DELETE') {
        sub.status = 'canceled';
        return { status: 200, body: sub };
      }
      if (method === 'POST') {
        const items = (sub.items as { data: Array<Obj> }).data;
        for (const change of (body.items as Obj[] | undefined) ?? []) {
          const item = items.find((i) => i.id === change.id);
          if (!item)
            return error(400, 'invalid_request_error', `No such subscription item: '${String(change.id)}'`);
          if (change.price)
            item.price = { id: change.price, object: 'price', recurring: { interval: 'month' } };
          if (change.quantity) item.quantity = Number(change.quantity);
        }
        if (body.cancel_at_period_end !== undefined)
          sub.cancel_at_period_end = body.cancel_at_period_end === 'true';
        if (body.metadata) sub.metadata = { ...(sub.metadata as Obj), ...(body.metadata as Obj) };
        sub.last_proration_behavior = body.proration_behavior ?? null;
        return { status: 200, body: sub };
      }
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path})`);
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const raw = await readBody(req);
    if (req.method === 'GET' && url.pathname.startsWith('/c/pay/')) {
      const s = sessions.get(url.pathname.slice('/c/pay/'.length));
      res.writeHead(s ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        s
          ? `<!doctype html><html lang="en"><head><title>Stripe test checkout</title></head><body><main><h1>Stripe test checkout</h1><p>Session ${s.id}</p><a href="${s.success_url}">Pay</a> <a href="${s.cancel_url}">Cancel</a></main></body></html>`
          : 'no such session',
      );
      return;
    }
    const body = parseStripeForm(raw);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, body });
    let answer: { status: number; body: unknown };
    if (fake.down) answer = error(503, 'api_error', 'Stripe is having trouble (test outage)');
    else if (req.headers.authorization !== `Bearer ${SECRET_KEY}`)
      answer = error(401, 'invalid_request_error', 'Invalid API Key provided');
    else answer = route(req.method ?? 'GET', url.pathname, body);
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const event = (type: string, object: Obj, previous?: Obj): Obj => ({
    id: id('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: nowSeconds(),
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: id('req'), idempotency_key: null },
    type,
  });

  function invoiceFor(sub: Obj, status: 'paid' | 'open', billingReason: string): Obj {
    const item = (sub.items as { data: Obj[] }).data[0]!;
    const quantity = Number(item.quantity);
    const unit = (item.price as Obj).id === PRICES.team ? 4_900 : 1_900;
    const paymentIntent = id('pi');
    return {
      id: id('in'),
      object: 'invoice',
      customer: sub.customer,
      customer_email: (customers.get(String(sub.customer))?.email as string) ?? null,
      customer_name: (customers.get(String(sub.customer))?.name as string) ?? null,
      status,
      billing_reason: billingReason,
      currency: 'usd',
      amount_due: unit * quantity,
      amount_paid: status === 'paid' ? unit * quantity : 0,
      attempt_count: status === 'paid' ? 1 : 2,
      number: `ATL-${randomBytes(3).toString('hex').toUpperCase()}`,
      hosted_invoice_url: `${base}/i/${id('acct')}`,
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      lines: {
        object: 'list',
        data: [
          {
            id: id('il'),
            object: 'line_item',
            amount: unit * quantity,
            currency: 'usd',
            description: `${quantity} × Atelier (at $${unit / 100}.00 / month)`,
            quantity,
            period: { start: item.current_period_start, end: item.current_period_end },
            pricing: {
              type: 'price_details',
              price_details: { price: (item.price as Obj).id, product: 'prod_atelier' },
            },
          },
        ],
      },
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
      payments: {
        object: 'list',
        data: [
          {
            object: 'invoice_payment',
            payment: { type: 'payment_intent', payment_intent: paymentIntent },
            status,
          },
        ],
      },
    };
  }

  const fake: StripeFake = {
    url: base,
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    prices: PRICES,
    env: {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: base,
      STRIPE_PRICE_PRO: PRICES.pro,
      STRIPE_PRICE_TEAM: PRICES.team,
    },
    customers,
    sessions,
    subscriptions,
    requests,
    down: false,
    checkoutPageUrl: (sessionId) => `${base}/c/pay/${sessionId}`,
    event,

    checkoutEvents(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      const customer = customers.get(String(s.customer));
      const common = {
        ...s,
        status: 'complete',
        payment_status: 'paid',
        customer_details: { email: customer?.email ?? null, name: customer?.name ?? null },
      };
      if (s.mode === 'payment') {
        const item = (s.line_items as Obj[])[0]!;
        const amount = Number((item.price_data as Obj).unit_amount);
        return [
          event('checkout.session.completed', {
            ...common,
            payment_intent: id('pi'),
            amount_total: amount,
            subscription: null,
            invoice: null,
          }),
        ];
      }
      const line = (s.line_items as Obj[])[0]!;
      const start = nowSeconds();
      const sub: Obj = {
        id: id('sub'),
        object: 'subscription',
        customer: s.customer,
        status: 'active',
        cancel_at_period_end: false,
        metadata: (s.subscription_data as Obj | null)?.metadata ?? {},
        items: {
          object: 'list',
          data: [subscriptionItem(String(line.price), Number(line.quantity ?? 1), start)],
        },
      };
      subscriptions.set(String(sub.id), sub);
      const invoice = invoiceFor(sub, 'paid', 'subscription_create');
      return [
        event('customer.subscription.created', { ...sub }),
        event('checkout.session.completed', {
          ...common,
          subscription: sub.id,
          invoice: invoice.id,
          payment_intent: null,
        }),
        event('invoice.paid', invoice),
      ];
    },

    invoicePaid(subscriptionId, opts = {}) {
      const sub = subscriptions.get(subscriptionId)!;
      if (opts.periodStart !== undefined) {
        const item = (sub.items as { data: Obj[] }).data[0]!;
        item.current_period_start = opts.periodStart;
        item.current_period_end = opts.periodStart + MONTH;
      }
      sub.status = 'active';
      return event('invoice.paid', invoiceFor(sub, 'paid', opts.billingReason ?? 'subscription_cycle'));
    },

    invoicePaymentFailed(subscriptionId) {
      const sub = subscriptions.get(subscriptionId)!;
      sub.status = 'past_due';
      return event('invoice.payment_failed', {
        ...invoiceFor(sub, 'open', 'subscription_cycle'),
        next_payment_attempt: nowSeconds() + 3 * 86_400,
      });
    },

    subscriptionEvent(type, subscriptionId, changes = {}) {
      const sub = subscriptions.get(subscriptionId)!;
      const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, sub[k]]));
      Object.assign(sub, changes);
      if (type === 'deleted') sub.status = 'canceled';
      return event(
        `customer.subscription.${type}`,
        structuredClone(sub),
        type === 'updated' ? previous : undefined,
      );
    },

    refund(paymentIntent, amount) {
      const chargeId = id('ch');
      return event('charge.refunded', {
        id: chargeId,
        object: 'charge',
        payment_intent: paymentIntent,
        amount,
        amount_refunded: amount,
        currency: 'usd',
        refunded: true,
        refunds: {
          object: 'list',
          data: [
            {
              id: id('re'),
              object: 'refund',
              amount,
              charge: chargeId,
              payment_intent: paymentIntent,
              status: 'succeeded',
            },
          ],
        },
      });
    },

    dispute(paymentIntent, amount) {
      return event('charge.dispute.created', {
        id: id('dp'),
        object: 'dispute',
        charge: id('ch'),
        payment_intent: paymentIntent,
        amount,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      });
    },

    async deliver(platformUrl, ev, opts = {}) {
      const payload = JSON.stringify(ev);
      const header = new Stripe(SECRET_KEY).webhooks.generateTestHeaderString({
        payload,
        secret: opts.secret ?? WEBHOOK_SECRET,
        timestamp: opts.timestamp ?? nowSeconds(),
      });
      return fetch(`${platformUrl}/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': header },
        body: payload,
      });
    },

    async completeCheckout(platformUrl, sessionId) {
      const events = fake.checkoutEvents(sessionId);
      for (const ev of events) {
        const res = await fake.deliver(platformUrl, ev);
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
      }
      return events;
    },

    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
