import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { mailTo } from '../../../runner/src/test-support/users';

/**
 * The path and query of the link in the newest mail to `email` whose link contains `path` (e.g.
 * `/verify-email`), read from the dev mailbox. Links carry PUBLIC_URL's host; tests open the path
 * on the platform they started.
 */
export async function linkFromMail(p: TestPlatform, email: string, path: string): Promise<string> {
  const mail = await eventually(async () => (await mailTo(p, email)).find((m) => m.text.includes(path)));
  const link = new RegExp(`https?://[^\\s]+(${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_-]{43})`).exec(
    mail.text,
  );
  if (!link) throw new Error(`no ${path} link in "${mail.subject}"`);
  return link[1]!;
}
