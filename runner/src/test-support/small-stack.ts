/** Stacks for the hot-reload, ops CLI tests and bench:ops (two fixtures, quick to start). */

/** A small stack: `hello` (reached by name only at first) and `flaky` (no trigger at first). */
export function smallStack(
  o: {
    helloRoute?: string;
    flakyTopic?: string;
    concurrency?: string;
    helloEnv?: string;
    extra?: string;
  } = {},
) {
  return `version: 1.0
provider:
  name: openfaas
functions:
  hello:
    lang: atelier-node20
    handler: ./runner/src/test-support/fixtures/hello
    image: test/hello:latest
${o.helloEnv ? `    environment:\n      GREETING: ${o.helloEnv}\n` : ''}    annotations:
      atelier.dev/timeout: 5s
${o.helloRoute ? `      atelier.dev/route: ${o.helloRoute}\n` : ''}${o.concurrency ? `      atelier.dev/concurrency: "${o.concurrency}"\n` : ''}  flaky:
    lang: atelier-node20
    handler: ./runner/src/test-support/fixtures/flaky
    image: test/flaky:latest
    annotations:
      atelier.dev/retry: "1"
      atelier.dev/retry-backoff: 100ms
${o.flakyTopic ? `      topic: ${o.flakyTopic}\n` : ''}${o.extra ?? ''}`;
}
