// `npm start`: serves the demo (and the built dist/) on http://127.0.0.1:8000.
import { startDevServer } from '@web/dev-server';

const port = Number(process.env.PORT ?? 8000);
await startDevServer({
  config: { rootDir: process.cwd(), port, hostname: '127.0.0.1' },
  readCliArgs: false, readFileConfig: false, logStartMessage: false,
});
console.log(`migu-consent demo: http://127.0.0.1:${port}/demo/  (Ctrl+C to stop)`);
