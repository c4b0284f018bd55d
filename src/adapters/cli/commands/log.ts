/**
 * `custos log …`: the custody log. `checkpoint` prints the latest signed checkpoint (signing one
 * at the current size if needed); `proof <seq>` prints an event with its inclusion proof against
 * that checkpoint; `consistency <size1> <size2>` a consistency proof between two signed
 * checkpoints; `verify` checks the log alone (exit 3 on any mismatch).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { CustosError } from '../../../core/errors.ts';
import {
  checkpointNow,
  proveConsistency,
  proveInclusion,
} from '../../../usecases/custody/checkpoints.ts';
import { verifyCustodyLog } from '../../../usecases/custody/verify-custody-log.ts';
import { EXIT_INTEGRITY, EXIT_OK } from '../exit-codes.ts';
import { dataDirOption, type CommandContext } from '../program.ts';

function seqArg(v: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(v))
    throw new InvalidArgumentError(`${JSON.stringify(v)} is not an event number (0, 1, 2, …)`);
  return Number(v);
}

export function registerLog(program: Command, ctx: CommandContext): void {
  const { deps } = ctx;
  const log = program
    .command('log')
    .description('the custody log: signed checkpoints, inclusion and consistency proofs');

  log
    .command('checkpoint')
    .description(
      'print the latest signed checkpoint (signing one at the current size if the log grew)',
    )
    .option('--json', 'print as JSON')
    .action(
      ctx.action(async (opts: { json?: boolean }, cmd: Command) => {
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const cp = await checkpointNow(app.uow, app.key, app.clock);
          if (opts.json)
            deps.stdout.write(
              `${JSON.stringify({ ...cp, origin: app.key.origin, verifierKey: app.key.verifierKey })}\n`,
            );
          else deps.stdout.write(`${cp.note}\nverifier key (pin this): ${app.key.verifierKey}\n`);
          return EXIT_OK;
        } finally {
          await app.close();
        }
      }),
    );

  log
    .command('proof')
    .description(
      'print a custody event with its inclusion proof against the latest signed checkpoint',
    )
    .argument('<seq>', 'event number (0-based)', seqArg)
    .option('--json', 'print as JSON')
    .action(
      ctx.action(async (seq: number, opts: { json?: boolean }, cmd: Command) => {
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const p = await proveInclusion(app.uow, app.key, app.clock, seq);
          if (opts.json) {
            deps.stdout.write(
              `${JSON.stringify({ seq: p.seq, leaf: p.event.leaf, leafHash: p.event.leafHash, treeSize: p.size, proof: p.proof, checkpoint: p.checkpoint.note, verifierKey: app.key.verifierKey })}\n`,
            );
          } else {
            deps.stdout.write(
              [
                `event ${p.seq}: ${p.event.leaf}`,
                `leaf hash ${p.event.leafHash}`,
                `inclusion proof for tree size ${p.size} (leaf to root):`,
                ...p.proof.map((h) => `  ${h}`),
                'verified against the signed checkpoint:',
                p.checkpoint.note,
              ].join('\n'),
            );
          }
          return EXIT_OK;
        } finally {
          await app.close();
        }
      }),
    );

  log
    .command('consistency')
    .description('print a consistency proof between two signed checkpoints')
    .argument('<size1>', 'older checkpoint size', seqArg)
    .argument('<size2>', 'newer checkpoint size', seqArg)
    .option('--json', 'print as JSON')
    .action(
      ctx.action(async (size1: number, size2: number, opts: { json?: boolean }, cmd: Command) => {
        if (size1 > size2)
          throw new CustosError(
            'usage',
            'CONSISTENCY_ORDER',
            `the older checkpoint's size comes first: custos log consistency ${size2} ${size1}`,
          );
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const c = await proveConsistency(app.uow.read, app.key, size1, size2);
          if (opts.json)
            deps.stdout.write(
              `${JSON.stringify({ size1, size2, proof: c.proof, from: c.from.note, to: c.to.note })}\n`,
            );
          else
            deps.stdout.write(
              [
                `consistency proof ${size1} → ${size2}:`,
                ...c.proof.map((h) => `  ${h}`),
                'verified against both signed checkpoints',
              ].join('\n') + '\n',
            );
          return EXIT_OK;
        } finally {
          await app.close();
        }
      }),
    );

  log
    .command('verify')
    .description('recompute every custody leaf, node and checkpoint (exit 3 on any mismatch)')
    .option('--json', 'print the report as JSON')
    .action(
      ctx.action(async (opts: { json?: boolean }, cmd: Command) => {
        const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
        try {
          const r = await verifyCustodyLog(app.uow.read, app.key);
          const ok = r.problems.length === 0;
          if (opts.json) deps.stdout.write(`${JSON.stringify({ ok, ...r })}\n`);
          else {
            deps.stdout.write(
              `${r.events} custody events, ${r.nodes} tree nodes, ${r.checkpoints} signed checkpoints checked\n`,
            );
            deps.stdout.write(
              ok
                ? 'OK: the custody log verifies\n'
                : `MISMATCH: first bad entry is ${r.problems[0]?.subject}: ${r.problems[0]?.message}\n`,
            );
            const unsigned = r.events - r.signedThrough;
            if (ok && unsigned > 0)
              deps.stdout.write(
                `warning: ${r.signedThrough === 0 ? `no signed checkpoint covers this log: its ${unsigned} events are` : `the last ${unsigned} events (from ${r.signedThrough}) are`} not yet covered by a signature, so a rewrite of them, or deleted checkpoints, would not show here; compare with a checkpoint kept outside the store, and sign one now with custos log checkpoint\n`,
              );
          }
          return ok ? EXIT_OK : EXIT_INTEGRITY;
        } finally {
          await app.close();
        }
      }),
    );
}
