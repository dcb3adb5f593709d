import { AppError } from '../errors';

/**
 * PayPal's Orders v2 REST API for credit packs, over fetch: an OAuth2 client-credentials token (cached
 * until shortly before it expires), order creation and capture. Every call has a timeout; PayPal refusing
 * is 502 `provider_rejected` with PayPal's own error name and message, PayPal unreachable (or failing on
 * its side) 503 `dependency_unavailable`.
 */
export interface PaypalConfig {
  PAYPAL_CLIENT_ID?: string | undefined;
  PAYPAL_CLIENT_SECRET?: string | undefined;
  PAYPAL_API_URL: string;
}

export interface PaypalPayer {
  name: string | null;
  email: string | null;
}

export interface PaypalClient {
  /** Creates an order for a pack; `referenceId` is our order id (PayPal's custom_id). */
  createOrder(input: {
    referenceId: string;
    description: string;
    amountCents: number;
    currency: string;
    returnUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; approveUrl: string }>;
  /**
   * Captures an approved order. An order PayPal says is already captured (a second capture at once,
   * or a retry after our first answer was lost) is read back instead, so the caller still learns the
   * capture. `captureStatus` is the payment's: only COMPLETED is money received.
   */
  captureOrder(paypalOrderId: string): Promise<{
    status: string;
    captureId: string | null;
    captureStatus: string | null;
    payer: PaypalPayer;
  }>;
}

/** Currencies PayPal takes without decimals; every other one we sell in has two. */
const zeroDecimal = new Set(['HUF', 'JPY', 'TWD']);

/** Integer minor units to PayPal's decimal string (1999 USD → "19.99"), without floating point. */
export function centsToDecimal(cents: number, currency: string): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`not an amount in cents: ${cents}`);
  if (zeroDecimal.has(currency.toUpperCase())) return String(cents);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** PayPal's decimal string to integer minor units ("19.9" → 1990); null when it is not an amount. */
export function decimalToCents(value: string, currency: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  if (zeroDecimal.has(currency.toUpperCase())) return match[2] ? null : Number(match[1]);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const TIMEOUT_MS = 10_000;
/** Renew the token this long before PayPal says it expires (clock skew, slow calls). */
const TOKEN_MARGIN_MS = 60_000;

interface PaypalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: Array<{ issue?: string; description?: string }>;
  error?: string;
  error_description?: string;
}
interface Link {
  href: string;
  rel: string;
}
interface OrderBody {
  id: string;
  status: string;
  links?: Link[];
  payer?: { name?: { given_name?: string; surname?: string }; email_address?: string };
  purchase_units?: Array<{ payments?: { captures?: Array<{ id: string; status: string }> } }>;
}

async function paypalError(res: Response): Promise<AppError> {
  const body = (await res.json().catch(() => ({}))) as PaypalErrorBody;
  const name = body.name ?? body.error ?? `HTTP_${res.status}`;
  const issue = body.details?.[0]?.issue;
  const message = body.details?.[0]?.description ?? body.message ?? body.error_description ?? res.statusText;
  const details = { provider: 'paypal', name, issue: issue ?? null, debugId: body.debug_id ?? null };
  if (res.status >= 500)
    return new AppError('dependency_unavailable', 503, `PayPal failed: ${name}: ${message}`, details);
  return new AppError('provider_rejected', 502, `PayPal refused: ${issue ?? name}: ${message}`, details);
}

export function createPaypal(config: PaypalConfig): PaypalClient | null {
  const { PAYPAL_CLIENT_ID: clientId, PAYPAL_CLIENT_SECRET: secret } = config;
  if (!clientId || !secret) return null;
  const base = config.PAYPAL_API_URL.replace(/\/+$/, '');
  let token: { value: string; until: number } | null = null;

  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new AppError(
        'dependency_unavailable',
        503,
        `PayPal could not be reached: ${(err as Error).name}`,
      );
    }
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const res = await call('/v1/oauth2/token', {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    if (!res.ok) throw await paypalError(res);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, until: Date.now() + body.expires_in * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  /**
   * A JSON call with the bearer token; a token PayPal no longer accepts is renewed once (with the same
   * PayPal-Request-Id, so that retry cannot act twice). `body` undefined: a GET.
   */
  async function api<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await call(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${await accessToken()}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status === 401 && attempt === 0) {
        token = null;
        continue;
      }
      if (!res.ok) throw await paypalError(res);
      return (await res.json().catch(() => {
        throw new AppError('dependency_unavailable', 503, 'PayPal answered something that is not JSON');
      })) as T;
    }
  }

  return {
    async createOrder(input) {
      const currency = input.currency.toUpperCase();
      const order = await api<OrderBody>(
        '/v2/checkout/orders',
        {
          intent: 'CAPTURE',
          purchase_units: [
            {
              reference_id: input.referenceId,
              custom_id: input.referenceId,
              description: input.description,
              amount: { currency_code: currency, value: centsToDecimal(input.amountCents, currency) },
            },
          ],
          payment_source: {
            paypal: {
              experience_context: {
                return_url: input.returnUrl,
                cancel_url: input.cancelUrl,
                user_action: 'PAY_NOW',
                shipping_preference: 'NO_SHIPPING',
              },
            },
          },
        },
        // Our order id: a retried create answers the same PayPal order.
        { 'paypal-request-id': `create-${input.referenceId}` },
      );
      // `payer-action` with experience_context; `approve` on the older application_context flow.
      const link = order.links?.find((l) => l.rel === 'payer-action' || l.rel === 'approve');
      if (!link) throw new AppError('provider_rejected', 502, 'PayPal returned no approval link');
      return { id: order.id, approveUrl: link.href };
    },

    async captureOrder(paypalOrderId) {
      const path = `/v2/checkout/orders/${encodeURIComponent(paypalOrderId)}`;
      let order: OrderBody;
      try {
        order = await api<OrderBody>(
          `${path}/capture`,
          {},
          {
            'paypal-request-id': `capture-${paypalOrderId}-${crypto.randomUUID()}`,
            prefer: 'return=representation',
          },
        );
      } catch (err) {
        const issue = ((err as AppError).details as { issue?: string } | undefined)?.issue;
        if (issue !== 'ORDER_ALREADY_CAPTURED') throw err;
        order = await api<OrderBody>(path);
      }
      const capture = order.purchase_units?.[0]?.payments?.captures?.[0];
      const name = [order.payer?.name?.given_name, order.payer?.name?.surname].filter(Boolean).join(' ');
      return {
        status: order.status,
        captureId: capture?.id ?? null,
        captureStatus: capture?.status ?? null,
        payer: { name: name || null, email: order.payer?.email_address ?? null },
      };
    },
  };
}
