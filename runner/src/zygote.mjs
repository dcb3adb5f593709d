// A pre-started, generic Node.js process: it holds no function code until the runner asks it to load
// one, so a scale from zero pays for importing the function's bundle but not for booting Node.
import { pathToFileURL } from 'node:url';

process.title = 'atelier: warm node';
process.on('disconnect', () => process.exit(0)); // the runner went away before using us
process.once('message', async (msg) => {
  if (msg?.type !== 'load') return;
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, msg.env);
  process.title = `atelier: ${msg.env.FUNCTION_NAME ?? 'function'}`; // what ps shows for this process
  await import(pathToFileURL(msg.bundle).href);
});
process.send?.({ type: 'warm' });
