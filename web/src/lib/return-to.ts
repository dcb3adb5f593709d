/** Only same-site paths: `?returnTo=https://evil.example` or `//evil.example` must not redirect away. */
export function safeReturnTo(value: string | null | undefined, fallback = '/'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
