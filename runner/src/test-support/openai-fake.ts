import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * A stand-in for OpenAI's API in tests: a real HTTP server (127.0.0.1, a free port) speaking OpenAI's
 * wire format for what Atelier calls, so the platform's functions reach it by URL from child processes.
 *
 * - `POST /v1/images/generations`: Bearer key checked (401 `invalid_api_key` otherwise); answers
 *   `{ created, data: [{ b64_json }], usage }` with real PNGs of the requested `size` (`auto` = 1024²).
 *   Like OpenAI: gpt-image-* and dall-e-3 accept only their fixed sizes, gpt-image-* refuses
 *   `response_format`, and a prompt holding `flagWord` is refused 400 `moderation_blocked` (its safety system).
 * - `POST /v1/moderations`: `input` a string, strings (one result each) or parts (one result). Text holding
 *   `flagWord` is flagged `violence`; `flagNextImages(n)` flags the next n inputs holding an image `sexual`.
 *   Categories are OpenAI's (omni-moderation), with `category_applied_input_types`.
 * - Scripted failures apply to BOTH routes, in arrival order: an outage takes moderation down with
 *   generation, as it does at OpenAI (one API, one status page). `failNext(n, status)` fails the next n
 *   calls; `down(true)` fails every call with 503 until `down(false)`. Failures come after the
 *   latency and before the key check, as a gateway in front of the API would answer.
 * - Errors in OpenAI's shape: `{ error: { message, type, param, code } }`.
 */

export const CATEGORIES = [
  'sexual',
  'sexual/minors',
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'violence',
  'violence/graphic',
] as const;
/** omni-moderation judges these on images too; the rest on text only. */
const IMAGE_CATEGORIES = new Set([
  'sexual',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'violence',
  'violence/graphic',
]);
const SIZES: Record<string, string[]> = {
  'gpt-image': ['1024x1024', '1536x1024', '1024x1536'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
};

export interface OpenAIFake {
  /** http://127.0.0.1:PORT/v1 */
  baseURL: string;
  /** The overrides that point the platform at this double. */
  env: { OPENAI_API_KEY: string; OPENAI_BASE_URL: string };
  /** Every request received, in order (path without the host; body parsed JSON, or null). */
  calls: Array<{ path: string; body: unknown }>;
  /** The next `count` calls fail with `status` (500 by default). */
  failNext(count: number, status?: number): void;
  /** While on, every call fails 503. */
  down(on: boolean): void;
  setLatency(ms: number): void;
  /** Prompts/text holding it are flagged by /moderations (and refused by /images/generations). */
  flagWord: string;
  /** The next `count` moderation inputs holding an image are flagged `sexual`. */
  flagNextImages(count: number): void;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

const ERROR_TYPES: Record<number, [type: string, code: string | null, message: string]> = {
  400: ['invalid_request_error', null, 'Bad request'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
  403: [
    'invalid_request_error',
    'unsupported_country_region_territory',
    'Country, region, or territory not supported',
  ],
  404: ['invalid_request_error', null, 'Not found'],
  409: ['invalid_request_error', null, 'Conflict'],
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests'],
  500: ['server_error', null, 'The server had an error while processing your request. Sorry about that!'],
  502: ['server_error', null, 'Bad gateway.'],
  503: ['server_error', null, 'The engine is currently overloaded, please try again later'],
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_${randomBytes(8).toString('hex')}`,
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  overrides: { message?: string; code?: string | null; param?: string | null; type?: string } = {},
) {
  const [type, code, message] = ERROR_TYPES[status] ?? ['server_error', null, `HTTP ${status}`];
  send(
    res,
    status,
    {
      error: {
        message: overrides.message ?? message,
        type: overrides.type ?? type,
        param: overrides.param ?? null,
        code: overrides.code === undefined ? code : overrides.code,
      },
    },
    status === 429 ? { 'retry-after': '1' } : {},
  );
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** A real PNG: a gradient in colours hashed from the prompt and the call, so images differ. */
async function picture(width: number, height: number, seed: string): Promise<Buffer> {
  const h = createHash('sha256').update(seed).digest('hex');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#${h.slice(0, 6)}"/><stop offset="1" stop-color="#${h.slice(6, 12)}"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#${h.slice(12, 18)}"/></svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer();
}

export async function startOpenAIFake(
  opts: {
    latencyMs?: number;
    /** Only this route waits `latencyMs` (e.g. a slow image model behind a fast moderation endpoint). */
    latencyPath?: string;
    flagWord?: string;
    apiKey?: string;
  } = {},
): Promise<OpenAIFake> {
  const apiKey = opts.apiKey ?? `sk-fake-${randomBytes(12).toString('hex')}`;
  const calls: OpenAIFake['calls'] = [];
  let latencyMs = opts.latencyMs ?? 0;
  let failures: number[] = [];
  let isDown = false;
  let flaggedImages = 0;
  let counter = 0;
  const fake = { flagWord: opts.flagWord ?? 'forbidden-fruit' } as OpenAIFake;

  const holdsFlagWord = (text: string) => text.toLowerCase().includes(fake.flagWord.toLowerCase());

  function moderationResult(texts: string[], images: number) {
    const textFlag = texts.some(holdsFlagWord);
    const imageFlag = images > 0 && flaggedImages > 0;
    if (imageFlag) flaggedImages--;
    const categories: Record<string, boolean> = {};
    const scores: Record<string, number> = {};
    const applied: Record<string, string[]> = {};
    for (const c of CATEGORIES) {
      const on = (c === 'violence' && textFlag) || (c === 'sexual' && imageFlag);
      categories[c] = on;
      scores[c] = on ? 0.93 : 0.0004;
      applied[c] = [
        ...(texts.length > 0 ? ['text'] : []),
        ...(images > 0 && IMAGE_CATEGORIES.has(c) ? ['image'] : []),
      ];
    }
    return {
      flagged: textFlag || imageFlag,
      categories,
      category_scores: scores,
      category_applied_input_types: applied,
    };
  }

  async function images(body: Json, res: ServerResponse) {
    const model = typeof body.model === 'string' ? body.model : 'dall-e-2';
    const prompt = body.prompt;
    if (typeof prompt !== 'string' || prompt.length === 0) {
      return sendError(res, 400, {
        message: "Missing required parameter: 'prompt'.",
        param: 'prompt',
        code: 'missing_required_parameter',
      });
    }
    const family = model.startsWith('gpt-image') ? 'gpt-image' : model;
    if (family === 'gpt-image' && body.response_format !== undefined) {
      return sendError(res, 400, {
        message: "Unknown parameter: 'response_format'.",
        param: 'response_format',
        code: 'unknown_parameter',
      });
    }
    const size = body.size === undefined || body.size === 'auto' ? '1024x1024' : String(body.size);
    const match = /^(\d{2,5})x(\d{2,5})$/.exec(size);
    const allowed = SIZES[family];
    if (!match || (allowed && !allowed.includes(size))) {
      return sendError(res, 400, {
        message: `Invalid value: '${size}'. Supported values are: ${(allowed ?? ['WxH']).map((s) => `'${s}'`).join(', ')}.`,
        param: 'size',
        code: 'invalid_value',
      });
    }
    if (holdsFlagWord(prompt)) {
      return sendError(res, 400, {
        message:
          'Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system.',
        param: null,
        code: 'moderation_blocked',
        type: 'image_generation_user_error',
      });
    }
    const n = Math.min(10, Math.max(1, Number(body.n ?? 1)));
    const [width, height] = [Number(match[1]), Number(match[2])];
    const data = await Promise.all(
      Array.from({ length: n }, async (_, i) => ({
        b64_json: (await picture(width, height, `${prompt}:${++counter}:${i}`)).toString('base64'),
      })),
    );
    send(res, 200, {
      created: Math.floor(Date.now() / 1000),
      data,
      ...(family === 'gpt-image'
        ? {
            background: 'opaque',
            output_format: 'png',
            size,
            quality: 'medium',
            usage: {
              input_tokens: 20,
              input_tokens_details: { image_tokens: 0, text_tokens: 20 },
              output_tokens: 1056 * n,
              total_tokens: 20 + 1056 * n,
            },
          }
        : {}),
    });
  }

  function moderations(body: Json, res: ServerResponse) {
    const input = body.input;
    type Part = { type?: string; text?: string; image_url?: { url?: string } };
    let results: ReturnType<typeof moderationResult>[];
    if (typeof input === 'string') results = [moderationResult([input], 0)];
    else if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === 'string')) {
      results = (input as string[]).map((t) => moderationResult([t], 0));
    } else if (Array.isArray(input) && input.length > 0) {
      const parts = input as Part[];
      const bad = parts.findIndex(
        (p) =>
          !(p?.type === 'text' && typeof p.text === 'string') &&
          !(p?.type === 'image_url' && typeof p.image_url?.url === 'string'),
      );
      if (bad >= 0) return sendError(res, 400, { message: `Invalid input at index ${bad}.`, param: 'input' });
      const texts = parts.filter((p) => p.type === 'text').map((p) => p.text!);
      const imageCount = parts.filter((p) => p.type === 'image_url').length;
      results = [moderationResult(texts, imageCount)];
    } else {
      return sendError(res, 400, { message: "Missing required parameter: 'input'.", param: 'input' });
    }
    send(res, 200, {
      id: `modr-${randomBytes(10).toString('hex')}`,
      model: 'omni-moderation-2024-09-26',
      results,
    });
  }

  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      const path = (req.url ?? '/').split('?')[0]!;
      let body: unknown = null;
      try {
        body = raw === '' ? null : JSON.parse(raw);
      } catch {
        body = null;
      }
      calls.push({ path, body });
      if (latencyMs > 0 && (!opts.latencyPath || opts.latencyPath === path))
        await new Promise((r) => setTimeout(r, latencyMs));
      if (isDown) return sendError(res, 503);
      const scripted = failures.shift();
      if (scripted !== undefined) return sendError(res, scripted);
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        return sendError(res, 401, {
          message: given
            ? `Incorrect API key provided: ${given.slice(0, 3)}****${given.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
            : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          code: given ? 'invalid_api_key' : null,
        });
      }
      if (req.method !== 'POST')
        return sendError(res, 404, { message: `Invalid URL (${req.method} ${path})` });
      if (body === null || typeof body !== 'object') {
        return sendError(res, 400, { message: 'We could not parse the JSON body of your request.' });
      }
      if (path === '/v1/images/generations') return await images(body as Json, res);
      if (path === '/v1/moderations') return moderations(body as Json, res);
      return sendError(res, 404, { message: `Invalid URL (${req.method} ${path})` });
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, { message: (err as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}/v1`;

  return Object.assign(fake, {
    baseURL,
    env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: baseURL },
    calls,
    failNext(count: number, status = 500) {
      failures = [...failures, ...Array<number>(count).fill(status)];
    },
    down(on: boolean) {
      isDown = on;
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    flagNextImages(count: number) {
      flaggedImages += count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
