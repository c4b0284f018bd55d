/**
 * What the command-line adapter needs from the rest of Custos, supplied by the composition root
 * (`src/main/cli.ts`): adapters never import each other.
 */
import type { ExportSource } from '../../core/transcript/types.ts';
import type { HandedIn } from '../../ports/evidence-input.ts';
import type { AppContext } from '../../usecases/app-context.ts';
import type { DeskCliDeps } from './desk-deps.ts';

export interface CliDeps {
  /** Opens a file, folder or zip for parsing without storing anything. */
  openExport(path: string): Promise<ExportSource>;
  /** Reads what a person handed in from a local path, for ingest. */
  handedIn(path: string): Promise<HandedIn>;
  /** Opens the evidence store. */
  openApp(options: { dataDir?: string }): Promise<AppContext>;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** The web application's services (`serve`, `demo`, `cases`). */
  readonly desk?: DeskCliDeps;
}
