#!/usr/bin/env node
// The package's command line (Node only, never in a browser bundle): `migu-consent audit …` and
// `migu-consent receipts …`. Each subcommand is imported only when it is asked for, so its
// optional dependencies (playwright-core; @electric-sql/pglite or pg) are needed only then.
import { readFileSync } from 'node:fs';
import { MissingDependency } from '../node/optional.mjs';

const COMMANDS = {
  audit: { summary: 'load pages through the consent scenarios and report what tracks when', load: () => import('../node/audit/cli.mjs') },
  receipts: { summary: 'the proof-of-consent collector: serve, export, history, counts, delete, purge', load: () => import('../node/receipts/cli.mjs') },
};

const USAGE = `usage: migu-consent <command> [options]

commands:
${Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`).join('\n')}

\`migu-consent <command> --help\` (or \`migu-consent help <command>\`) describes a command's options;
\`migu-consent --version\` prints the version.`;

let [name, ...args] = process.argv.slice(2);
if (name === '--version' || name === '-v') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  console.log(version);
  process.exit(0);
}
// `help audit` is `audit --help`, as git and npm take it
if (name === 'help' && args.length) [name, args] = [args[0], ['--help']];
if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  (name ? console.log : console.error)(USAGE);
  process.exit(name ? 0 : 2);
}
const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
if (!command) {
  console.error(`migu-consent: unknown command "${name}"\n\n${USAGE}`);
  process.exit(2);
}
try {
  const { main } = await command.load();
  process.exitCode = await main(args);
} catch (error) {
  if (!(error instanceof MissingDependency)) throw error;
  console.error(error.message);
  process.exitCode = 3;
}
