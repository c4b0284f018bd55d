/**
 * The web application's commands:
 * - `custos serve [--host] [--port]`: serves the web app and API (HOST, PORT; default 127.0.0.1:8080);
 * - `custos demo [code <username>]`: seeds demo accounts and data into an empty store, or prints a demo account's current TOTP code;
 * - `custos cases [--json]`: the case register (reference, owner, status).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CustosError } from '../../../core/errors.ts';
import { caseRegister } from '../../../usecases/cases/case-register.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../../usecases/demo/seed-demo.ts';
import { LOCAL_OPERATOR } from '../../../usecases/desk-context.ts';
import type { DeskCliDeps } from '../desk-deps.ts';
import { dataDirOption, type CommandContext } from '../program.ts';

function desk(ctx: CommandContext): DeskCliDeps {
  const d = ctx.deps.desk;
  if (!d)
    throw new CustosError(
      'internal',
      'DESK_NOT_WIRED',
      'this build of custos has no web application',
    );
  return d;
}

function portArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a port number (0-65535)`);
  return n;
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description(
      'serve the web application and its API (default http://127.0.0.1:8080; HOST and PORT change it)',
    )
    .option('--host <host>', 'address to listen on (default $HOST or 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default $PORT or 8080)', portArg)
    .action(
      ctx.action(async (opts: { host?: string; port?: number }, cmd: Command) => {
        const d = desk(ctx);
        const server = await d.serve({
          dataDir: dataDirOption(cmd),
          host: opts.host,
          port: opts.port,
          log: (line) => ctx.deps.stderr.write(`${line}\n`),
        });
        await d.untilStopped();
        ctx.deps.stderr.write('stopping…\n');
        await server.close();
        return 0;
      }),
    );
}

export function registerDemo(program: Command, ctx: CommandContext): void {
  const demo = program
    .command('demo')
    .description(
      'seed demo accounts and synthetic reports into an empty store (DEMO ONLY: known passwords)',
    );
  demo.action(
    ctx.action(async (_opts: unknown, cmd: Command) => {
      const d = desk(ctx);
      const { deps } = ctx;
      const app = await d.openDesk({ dataDir: dataDirOption(cmd) });
      try {
        const result = await seedDemo(
          app,
          (name) => deps.handedIn(join(d.examplesDir, name)),
          LOCAL_OPERATOR,
        );
        const w = (s = '') => deps.stdout.write(`${s}\n`);
        w(`Demo data seeded into ${app.location.dataDir} (${app.location.dialect}).`);
        w('');
        w(
          'DEMO ONLY — these accounts have a published password and second-factor secrets. Never use them for real work.',
        );
        w('');
        w(`Password for every account: ${DEMO_PASSWORD}`);
        w('');
        w(
          'username  role        TOTP secret (add to an authenticator app, or run `custos demo code <username>`)',
        );
        for (const u of result.users)
          w(
            `${u.username.padEnd(9)} ${u.role.padEnd(11)} ${u.totpSecret ?? '(none: volunteers may enrol one later)'}`,
          );
        w('');
        for (const r of result.reports) w(`report ${r.ref}: ${r.note}`);
        for (const c of result.cases) w(`case   ${c.ref}: owner ${c.owner}; ${c.note}`);
        for (const p of result.programme ?? []) w(`programme: ${p}`);
        w('');
        w(
          'Next: `custos serve --data <same folder>` (or `CUSTOS_DATA=<folder> npm start`), open http://127.0.0.1:8080/sign-in,',
        );
        w('sign in as olivia with the password above and the code from `custos demo code olivia`.');
        return 0;
      } finally {
        await app.close();
      }
    }),
  );
  demo
    .command('code <username>')
    .description('print the current TOTP code of a demo account (demo only)')
    .action(
      ctx.action(async (username: string) => {
        const u = DEMO_USERS.find((x) => x.username === username);
        if (!u)
          throw new CustosError(
            'usage',
            'DEMO_USER_UNKNOWN',
            `there is no demo account ${JSON.stringify(username)}; try ${DEMO_USERS.map((x) => x.username).join(', ')}`,
          );
        if (!u.totpSecret)
          throw new CustosError(
            'usage',
            'DEMO_USER_NO_TOTP',
            `${username} has no second factor in the demo`,
          );
        ctx.deps.stdout.write(`${await desk(ctx).totpCode(u.totpSecret)}\n`);
        return 0;
      }),
    );
}

export function registerCases(program: Command, ctx: CommandContext): void {
  program
    .command('cases')
    .description('list the case register: reference, owning officer, status (no case content)')
    .option('--json', 'print a JSON array of {ref, owner, ownerId, status, outcome, createdAt}')
    .action(
      ctx.action(async (opts: { json?: boolean }, cmd: Command) => {
        const app = await desk(ctx).openDesk({ dataDir: dataDirOption(cmd) });
        try {
          const cases = await caseRegister(app, LOCAL_OPERATOR);
          if (opts.json) ctx.deps.stdout.write(`${JSON.stringify(cases)}\n`);
          else if (cases.length === 0)
            ctx.deps.stdout.write(`no cases yet in ${app.location.dataDir}\n`);
          else
            for (const c of cases)
              ctx.deps.stdout.write(
                `${c.ref.padEnd(13)} ${c.status.padEnd(7)} ${c.owner}${c.outcome ? ` (${c.outcome})` : ''}\n`,
              );
          return 0;
        } finally {
          await app.close();
        }
      }),
    );
}
