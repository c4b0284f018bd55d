/**
 * `custos bundle export <case-ref> --out <bundle.zip>` (or `--exhibits AB/1,AB/3`) writes a court
 * bundle; `custos bundle verify <bundle.zip|folder> [--key <vkey>] [--json]` checks one with no
 * database and no network (exit 3 on any integrity failure). The bundle I/O comes from the
 * composition root, since adapters never import each other.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { BundleReport } from '../../../core/bundle/verify.ts';
import { parseVerifierKey } from '../../../core/custody/note.ts';
import { CustosError } from '../../../core/errors.ts';
import { isExhibitRef } from '../../../core/evidence/exhibit-ref.ts';
import type { BundleIo } from '../../../ports/bundle-io.ts';
import { exportBundle, type BundleSelection } from '../../../usecases/bundle/export-bundle.ts';
import { verifyBundleAt } from '../../../usecases/bundle/verify-bundle.ts';
import { trainingCompetence } from '../../../usecases/programme/competence-records.ts';
import { EXIT_INTEGRITY, EXIT_OK } from '../exit-codes.ts';
import { formatBytes } from '../output.ts';
import { dataDirOption, type CliCommand, type CommandContext } from '../program.ts';
import { actorFor } from './common.ts';

function refsArg(value: string): string[] {
  const refs = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = refs.find((r) => !isExhibitRef(r));
  if (refs.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(
      `${JSON.stringify(bad ?? value)} is not an exhibit reference; expected a list such as AB/1,AB/3`,
    );
  }
  return refs;
}

/** A verifier key given directly, or the path of a file holding one. */
function pinnedKey(value: string): string {
  let key = value.trim();
  if (!key.includes('+') && existsSync(key) && statSync(key).isFile())
    key = readFileSync(key, 'utf8').trim();
  try {
    parseVerifierKey(key);
  } catch (e) {
    throw new CustosError(
      'usage',
      'BUNDLE_KEY_INVALID',
      `--key ${JSON.stringify(value)} is not a verifier key (origin+keyid+base64) or a file holding one: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return key;
}

function printReport(r: BundleReport, write: (s: string) => void): void {
  const lines: string[] = [];
  lines.push(
    `bundle ${r.bundle ?? '?'}${r.case ? `, case ${r.case.ref}` : ''}, exported ${r.createdAt ?? '?'} by ${r.createdBy ?? '?'}`,
  );
  if (r.checkpoint)
    lines.push(
      `checkpoint ${r.checkpoint.origin} size ${r.checkpoint.size} root ${r.checkpoint.root}`,
    );
  lines.push(
    `verifier key (${r.key.source === 'pinned' ? 'pinned' : 'taken from the bundle'}): ${r.key.verifierKey ?? 'none'}`,
  );
  lines.push(
    `${r.files.checked} of ${r.files.listed} files re-hashed (${formatBytes(r.files.bytes)}), ${r.eventsVerified} custody events proved in the signed log`,
  );
  for (const c of r.consistency)
    lines.push(
      `consistency with the checkpoint of size ${c.fromSize} (${c.basis}): ${c.ok ? 'proved' : 'FAILED'}`,
    );
  for (const x of r.exhibits) {
    const held = x.disposal
      ? `disposed of ${x.disposal.at} by ${x.disposal.actor}${x.disposal.reason ? ` (${x.disposal.reason})` : ''}; SHA-256 kept ${x.disposal.sha256 ?? '?'}`
      : 'held';
    lines.push(
      `  ${x.ok ? 'ok      ' : 'PROBLEM '} ${x.ref.padEnd(8)} ${x.kind.padEnd(10)} ${x.events} events, ${held}`,
    );
  }
  for (const w of r.warnings) lines.push(`warning: ${w.message}`);
  if (r.ok) {
    lines.push(
      r.key.source === 'pinned'
        ? 'OK: every file, proof and continuity record verifies against the pinned key'
        : 'OK (internally consistent): every file, proof and continuity record verifies, but against the key inside the bundle; pin the published key with --key',
    );
  } else {
    lines.push(`MISMATCH: ${r.problems.length} problem(s):`);
    for (const p of r.problems) lines.push(`  ${p.code} ${p.subject}: ${p.message}`);
  }
  write(`${lines.join('\n')}\n`);
}

/** The `bundle` command, with the bundle I/O the composition root supplies. */
export function bundleCommand(io: BundleIo): CliCommand {
  return (program: Command, ctx: CommandContext): void => {
    const { deps } = ctx;
    const bundle = program
      .command('bundle')
      .description('court bundles: export one, or verify one offline');

    bundle
      .command('export')
      .description(
        'write a court bundle of a case (its owning officer) or of exhibits (--exhibits)',
      )
      .argument('[case-ref]', 'case reference, e.g. C-2026-0001')
      .requiredOption('--out <bundle.zip>', 'zip file to write (must not exist)')
      .option(
        '--exhibits <refs>',
        'export these exhibits instead of a case, e.g. AB/1,AB/3',
        refsArg,
      )
      .option('--officer <username>', 'the officer account exporting a case (must own it)')
      .option('--by <initials>', 'who is exporting exhibits (default $CUSTOS_INITIALS)')
      .option('--json', 'print the result as JSON')
      .action(
        ctx.action(
          async (
            caseRef: string | undefined,
            opts: {
              out: string;
              exhibits?: string[];
              officer?: string;
              by?: string;
              json?: boolean;
            },
            cmd: Command,
          ) => {
            if ((caseRef === undefined) === (opts.exhibits === undefined)) {
              throw new CustosError(
                'usage',
                'BUNDLE_SELECTION',
                'name either a case reference or --exhibits AB/1,AB/3 (not both)',
              );
            }
            const app = await deps.openApp({ dataDir: dataDirOption(cmd) });
            try {
              let selection: BundleSelection;
              if (caseRef !== undefined) {
                if (!opts.officer)
                  throw new CustosError(
                    'usage',
                    'BUNDLE_OFFICER_REQUIRED',
                    'exporting a case needs --officer <username> of the officer who owns it',
                  );
                const user = await app.uow.read.accounts.users.findByUsername(
                  opts.officer.toLowerCase(),
                );
                if (!user)
                  throw new CustosError(
                    'not-found',
                    'ACCOUNT_NOT_FOUND',
                    `there is no account ${opts.officer}`,
                  );
                if (user.role !== 'officer' || user.status !== 'active') {
                  throw new CustosError(
                    'forbidden',
                    'POLICY_DENIED',
                    `${opts.officer} is not an active officer; only the owning officer exports a case`,
                  );
                }
                selection = { kind: 'case', caseRef, actor: { role: 'officer', userId: user.id } };
              } else {
                selection = {
                  kind: 'exhibits',
                  refs: opts.exhibits ?? [],
                  actor: actorFor(opts.by, deps.env),
                };
              }
              const r = await exportBundle(
                { ...app, io, competence: trainingCompetence(app.uow.read) },
                { selection, out: opts.out },
              );
              if (opts.json) {
                deps.stdout.write(`${JSON.stringify(r)}\n`);
              } else {
                deps.stdout.write(
                  [
                    `wrote ${r.path} (${formatBytes(r.size)}, ${r.files} files, exhibits ${r.exhibits.join(', ')})`,
                    `bundle ${r.bundle}; manifest SHA-256 ${r.manifestSha256}`,
                    `recorded as custody event ${r.bundleEvent}; signed checkpoint size ${r.checkpoint.size}`,
                    ...r.consistency.map(
                      (c) =>
                        `consistency proof from the checkpoint of size ${c.fromSize} (${c.basis})`,
                    ),
                    `verifier key (give it to the recipient separately): ${r.verifierKey}`,
                  ].join('\n') + '\n',
                );
              }
              return EXIT_OK;
            } finally {
              await app.close();
            }
          },
        ),
      );

    bundle
      .command('verify')
      .description(
        'verify a court bundle offline: every file, proof, signature and continuity record (exit 3 on any mismatch)',
      )
      .argument('<bundle>', 'the bundle zip, or the folder it was unzipped to')
      .option('--key <vkey>', 'the verifier key to pin (origin+keyid+base64, or a file holding it)')
      .option('--json', 'print the report as JSON')
      .action(
        ctx.action(async (path: string, opts: { key?: string; json?: boolean }) => {
          const key = opts.key === undefined ? undefined : pinnedKey(opts.key);
          const report = await verifyBundleAt(
            io,
            path,
            key === undefined ? {} : { verifierKey: key },
          );
          if (opts.json) deps.stdout.write(`${JSON.stringify(report)}\n`);
          else printReport(report, (s) => deps.stdout.write(s));
          if (!opts.json && report.key.source === 'bundle') {
            deps.stderr.write(
              'custos: warning: no --key given; the key inside the bundle proves only that the bundle is internally consistent\n',
            );
          }
          return report.ok ? EXIT_OK : EXIT_INTEGRITY;
        }),
      );
  };
}
