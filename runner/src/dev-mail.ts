import type { IncomingMessage, ServerResponse } from 'node:http';
import { readMailbox } from '@atelier/shared/mail/mailer';
import type { Redis } from '@atelier/shared/redis';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/**
 * The dev-only mailbox (never served when NODE_ENV=production): `GET /dev/mail` is a page a person can
 * read, `GET /dev/mail/api?to=<address>` the same as JSON for tests and scripts.
 */
export function devMail(redis: Redis, key: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET' || (url.pathname !== '/dev/mail' && url.pathname !== '/dev/mail/api'))
      return false;
    const mails = await readMailbox(redis, key, url.searchParams.get('to') ?? undefined);
    if (url.pathname === '/dev/mail/api') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: mails }));
      return true;
    }
    const items = mails
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p><b>To:</b> ${escapeHtml(m.to)} · ${escapeHtml(m.sentAt)}</p><pre>${escapeHtml(m.text).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</pre></article>`,
      )
      .join('\n');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Atelier dev mailbox</title><style>body{font:15px system-ui;margin:2rem auto;max-width:48rem}article{border-bottom:1px solid #ccc}pre{white-space:pre-wrap}</style></head><body><h1>Dev mailbox (${mails.length})</h1><p>Email sent while no SMTP_URL is set. Not served in production.</p>${items || '<p>No mail yet.</p>'}</body></html>`,
    );
    return true;
  };
}
