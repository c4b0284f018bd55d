/**
 * What the desk's commands (`serve`, `demo`, `cases`) need, supplied by the composition root
 * (`src/main/cli.ts`): adapters never import each other, so the HTTP server comes in from there.
 */
import type { DeskContext } from '../../usecases/desk-context.ts';

export interface DeskCliDeps {
  /** Opens the store with the desk's services. */
  openDesk(options: { dataDir?: string | undefined }): Promise<DeskContext>;
  /** Starts the web application; resolves once it listens. */
  serve(options: {
    dataDir?: string | undefined;
    host?: string | undefined;
    port?: number | undefined;
    log: (line: string) => void;
  }): Promise<{ url: string; close(): Promise<void> }>;
  /** The `examples/` folder shipped with Custos. */
  readonly examplesDir: string;
  /** The current TOTP code for a base32 secret. */
  totpCode(secret: string): Promise<string>;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  untilStopped(): Promise<void>;
}
