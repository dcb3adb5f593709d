import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small PayPal REST server for tests, speaking PayPal's wire protocol over real HTTP (set
 * PAYPAL_API_URL to `url`): OAuth2 client credentials, Orders v2 create and capture (with
 * PayPal-Request-Id idempotency, ORDER_NOT_APPROVED, ORDER_ALREADY_CAPTURED and INSTRUMENT_DECLINED as
 * PayPal words them), and the buyer's approval page, which redirects to the order's return_url the way
 * PayPal's checkout does. Shapes from developer.paypal.com/docs/api/orders/v2.
 */
export interface FakeOrder {
  id: string;
  customId: string;
  currency: string;
  value: string;
  returnUrl: string;
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED';
  captureId: string | null;
  /** Set by a test: the buyer's funding source is declined at capture. */
  decline?: boolean;
}

const ids = () => randomBytes(9).toString('hex').toUpperCase().slice(0, 17);
const payer = { name: { given_name: 'Pat', surname: 'Payer' }, email_address: 'pat.payer@example.test' };

export async function startPaypalFake() {
  const clientId = `client-${randomUUID()}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const tokens = new Set<string>();
  const orders = new Map<string, FakeOrder>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const calls = { token: 0, create: 0, capture: 0 };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) =>
      send(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: err.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': ids() });
    res.end(JSON.stringify(body));
  }
  const problem = (name: string, message: string, issue?: string, description?: string) => ({
    name,
    message,
    debug_id: ids().toLowerCase(),
    ...(issue ? { details: [{ issue, description }] } : {}),
    links: [
      {
        href: `https://developer.paypal.com/docs/api/orders/v2/#error-${issue ?? name}`,
        rel: 'information_link',
      },
    ],
  });
  const notFound = () =>
    problem(
      'RESOURCE_NOT_FOUND',
      'The specified resource does not exist.',
      'INVALID_RESOURCE_ID',
      'Specified resource ID does not exist. Please check the resource ID and try again.',
    );
  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The capture, as PayPal puts it in the order (and as PAYMENT.CAPTURE.COMPLETED's resource). */
  const captureOf = (o: FakeOrder) => ({
    id: o.captureId!,
    status: 'COMPLETED',
    amount: { currency_code: o.currency, value: o.value },
    final_capture: true,
    seller_protection: {
      status: 'ELIGIBLE',
      dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'],
    },
    custom_id: o.customId,
    links: [
      {
        href: `https://api.sandbox.paypal.com/v2/payments/captures/${o.captureId}`,
        rel: 'self',
        method: 'GET',
      },
      {
        href: `https://api.sandbox.paypal.com/v2/payments/captures/${o.captureId}/refund`,
        rel: 'refund',
        method: 'POST',
      },
      { href: `https://api.sandbox.paypal.com/v2/checkout/orders/${o.id}`, rel: 'up', method: 'GET' },
    ],
    create_time: new Date().toISOString(),
    update_time: new Date().toISOString(),
  });

  function capture(o: FakeOrder): { status: number; body: unknown } {
    if (o.status === 'COMPLETED')
      return {
        status: 422,
        body: problem(
          'UNPROCESSABLE_ENTITY',
          'The requested action could not be performed, semantically incorrect, or failed business validation.',
          'ORDER_ALREADY_CAPTURED',
          "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
        ),
      };
    if (o.status !== 'APPROVED')
      return {
        status: 422,
        body: problem(
          'UNPROCESSABLE_ENTITY',
          'The requested action could not be performed, semantically incorrect, or failed business validation.',
          'ORDER_NOT_APPROVED',
          'Payer has not yet approved the Order for payment.',
        ),
      };
    if (o.decline)
      return {
        status: 422,
        body: problem(
          'UNPROCESSABLE_ENTITY',
          'The requested action could not be performed, semantically incorrect, or failed business validation.',
          'INSTRUMENT_DECLINED',
          "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
        ),
      };
    o.status = 'COMPLETED';
    o.captureId = ids();
    return { status: 201, body: representation(o) };
  }

  /** The order as GET /v2/checkout/orders/{id} (and a capture with return=representation) shows it. */
  const representation = (o: FakeOrder) => ({
    id: o.id,
    intent: 'CAPTURE',
    status: o.status,
    payment_source: { paypal: { ...payer, account_id: 'QYR5Z8XDVJNXQ' } },
    purchase_units: [
      {
        reference_id: o.customId,
        custom_id: o.customId,
        amount: { currency_code: o.currency, value: o.value },
        ...(o.captureId ? { payments: { captures: [captureOf(o)] } } : {}),
      },
    ],
    ...(o.status === 'PAYER_ACTION_REQUIRED' ? {} : { payer: { ...payer, payer_id: 'QYR5Z8XDVJNXQ' } }),
    links: [{ href: `${url}/v2/checkout/orders/${o.id}`, rel: 'self', method: 'GET' }],
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', url).pathname;
    const auth = req.headers.authorization ?? '';
    if (req.method === 'POST' && path === '/v1/oauth2/token') {
      calls.token++;
      const basic = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
      if (basic !== `${clientId}:${clientSecret}`)
        return send(res, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
      if ((await readBody(req)) !== 'grant_type=client_credentials')
        return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
      const token = `A21AA${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      return send(res, 200, {
        scope: 'https://uri.paypal.com/services/payments/payment',
        access_token: token,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: 32400,
        nonce: `${new Date().toISOString()}${ids()}`,
      });
    }
    if (req.method === 'GET' && path === '/checkoutnow') {
      // The buyer approves: PayPal sends them back to return_url with token and PayerID.
      const o = orders.get(new URL(req.url!, url).searchParams.get('token') ?? '');
      if (!o) return send(res, 404, {});
      if (o.status === 'PAYER_ACTION_REQUIRED') o.status = 'APPROVED';
      res.writeHead(302, { location: `${o.returnUrl}&token=${o.id}&PayerID=QYR5Z8XDVJNXQ` }).end();
      return;
    }
    if (!tokens.has(auth.replace(/^Bearer /, '')))
      return send(res, 401, {
        error: 'invalid_token',
        error_description: 'Token signature verification failed',
      });
    const orderMatch = /^\/v2\/checkout\/orders\/([A-Z0-9]+)$/.exec(path);
    if (req.method === 'GET' && orderMatch) {
      const o = orders.get(orderMatch[1]!);
      return o ? send(res, 200, representation(o)) : send(res, 404, notFound());
    }
    const requestId = req.headers['paypal-request-id'] as string | undefined;
    const earlier = requestId ? replies.get(requestId) : undefined;
    if (earlier) return send(res, earlier.status === 201 ? 200 : earlier.status, earlier.body);
    let reply: { status: number; body: unknown };
    const captureMatch = /^\/v2\/checkout\/orders\/([A-Z0-9]+)\/capture$/.exec(path);
    if (req.method === 'POST' && path === '/v2/checkout/orders') {
      calls.create++;
      reply = createOrder(JSON.parse(await readBody(req)));
    } else if (req.method === 'POST' && captureMatch) {
      calls.capture++;
      const o = orders.get(captureMatch[1]!);
      reply = o ? capture(o) : { status: 404, body: notFound() };
    } else reply = { status: 404, body: problem('NOT_FOUND', 'The specified resource does not exist.') };
    if (requestId) replies.set(requestId, reply);
    send(res, reply.status, reply.body);
  }

  // biome-ignore lint/suspicious/noExplicitAny: PayPal's request body as sent, checked field by field
  function createOrder(body: any): { status: number; body: unknown } {
    const unit = body?.purchase_units?.[0];
    const context = body?.payment_source?.paypal?.experience_context ?? body?.application_context;
    if (
      body?.intent !== 'CAPTURE' ||
      !unit ||
      !/^\d+(\.\d{2})?$/.test(unit.amount?.value ?? '') ||
      !context?.return_url
    )
      return {
        status: 400,
        body: problem(
          'INVALID_REQUEST',
          'Request is not well-formed, syntactically incorrect, or violates schema.',
          'INVALID_PARAMETER_VALUE',
          'The value of a field is invalid.',
        ),
      };
    const o: FakeOrder = {
      id: ids(),
      customId: unit.custom_id,
      currency: unit.amount.currency_code,
      value: unit.amount.value,
      returnUrl: context.return_url,
      status: 'PAYER_ACTION_REQUIRED',
      captureId: null,
    };
    orders.set(o.id, o);
    return {
      status: 201,
      body: {
        id: o.id,
        status: o.status,
        payment_source: { paypal: {} },
        links: [
          { href: `${url}/v2/checkout/orders/${o.id}`, rel: 'self', method: 'GET' },
          { href: `${url}/checkoutnow?token=${o.id}`, rel: 'payer-action', method: 'GET' },
        ],
      },
    };
  }

  return {
    url,
    env: { PAYPAL_API_URL: url, PAYPAL_CLIENT_ID: clientId, PAYPAL_CLIENT_SECRET: clientSecret },
    orders,
    calls,
    /** The buyer approves on PayPal's page (follows the approval link once); returns where PayPal sends them. */
    async approve(approveUrl: string): Promise<string> {
      const res = await fetch(approveUrl, { redirect: 'manual' });
      return res.headers.get('location') ?? '';
    },
    /** The capture PayPal holds for an order (what PAYMENT.CAPTURE.COMPLETED carries). */
    captureResource(paypalOrderId: string) {
      const o = orders.get(paypalOrderId)!;
      return { ...captureOf(o), supplementary_data: { related_ids: { order_id: o.id } } };
    },
    /** Captures an approved order as PayPal would on our call (e.g. one whose answer we then lost). */
    capture(paypalOrderId: string) {
      return capture(orders.get(paypalOrderId)!);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type PaypalFake = Awaited<ReturnType<typeof startPaypalFake>>;
