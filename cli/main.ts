// The emr-jobs program: builds the command tree, runs it, and turns every outcome into an exit code.
// A command is registered by being in cli/commands/ and exporting `register(program)`; nothing to add here.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { printErrors } from './error-printer.ts';
import { classify, EXIT_USAGE } from './exit-codes.ts';
import { packageVersion } from '../engines/package-root.ts';

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
/** Help lists commands in this order; others follow alphabetically. */
const ORDER = ['init', 'list', 'explain', 'lineage', 'run', 'backfill', 'compile', 'submit', 'status', 'logs', 'runs', 'freshness', 'warehouse', 'engines'];

const ROOT_HELP = `
Examples:
  $ npx emr-jobs init
  $ npx emr-jobs list
  $ npx emr-jobs explain top-pages
  $ npx emr-jobs lineage top-pages --column top_pages.hits
  $ npx emr-jobs run top-pages --local data/access.log
  $ npx emr-jobs compile top-pages --target all

Exit codes: 0 ok; 1 the job ran and failed (runtime or engine failure, too many rejected lines);
2 usage or input error (bad flags, unknown job, missing input file, a type error in the job).

The command is also installed as \`jobs\`, but every POSIX shell has a \`jobs\` builtin (job control) that
shadows it, even through \`npx jobs\`: call \`emr-jobs\` instead (\`npx emr-jobs\`, or \`npm run jobs --\` in a
project made by \`init\`), or \`env jobs ...\` when the alias is on your PATH.
Set EMR_JOBS_DEBUG=1 to print stack traces.
`;

type CommandModule = { register?: (program: Command) => void };

async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('emr-jobs')
    .description('Write big-data jobs once in typed TypeScript; run them locally on Arrow, or as Pig and PySpark on EMR.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ROOT_HELP)
    .exitOverride();
  for (const file of commandsFor(argv)) {
    const mod = (await import(pathToFileURL(path.join(COMMANDS_DIR, file)).href)) as CommandModule;
    if (typeof mod.register === 'function') mod.register(program);
  }
  exitOverrideAll(program);
  return program;
}

function commandFiles(): string[] {
  const rank = (f: string) => {
    const i = ORDER.indexOf(f.slice(0, -3));
    return i < 0 ? ORDER.length : i;
  };
  return readdirSync(COMMANDS_DIR)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The command modules this invocation needs: only the named command's (start-up stays small: the AWS SDK,
 * Arrow and the compilers load only for the commands that use them), none for --version, all otherwise
 * (help, or a name that is not a command, which the parser then reports).
 */
function commandsFor(argv: string[]): string[] {
  const files = commandFiles();
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return [];
  const own = files.find((f) => f.replace(/\.(ts|js)$/, '') === args[0]);
  return own ? [own] : files;
}

/** Commands added with addCommand() do not inherit the override: set it everywhere. */
function exitOverrideAll(cmd: Command): void {
  cmd.exitOverride();
  cmd.commands.forEach(exitOverrideAll);
}

async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    // Commander already printed its message (or the help / version) before throwing.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    const { error, code, more } = classify(e);
    printErrors([error, ...more], e);
    return code;
  }
}

// An error escaping every await (a stray callback) still ends as one line, not a Node stack trace.
const crash = (e: unknown) => {
  const { error, code, more } = classify(e);
  printErrors([error, ...more], e);
  process.exit(code);
};
process.on('uncaughtException', crash);
// Output piped into a reader that stops early (`| head`) is not an error of the command.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  crash(e);
});
process.on('unhandledRejection', crash);

process.exitCode = await main(process.argv);
