/**
 * What the desk's use cases receive: the foundation's ports (`AppContext`) plus accounts,
 * triage and selector services and the desk's settings. Assembled by `src/main/desk.ts`.
 */
import type { Actor } from '../policies/roles.ts';
import type {
  PasswordHasher,
  SelectorSource,
  TotpService,
  TriageReader,
} from '../ports/desk-services.ts';
import type { SummaryDocumentRenderer } from '../ports/summary-document.ts';
import type { AppContext } from './app-context.ts';

/** Settings of the desk (operator configuration; the defaults are programme defaults, not law). */
export interface DeskConfig {
  /** Base URL people reach the web app at, for setup and invitation links (`http://127.0.0.1:8080`). */
  readonly publicBaseUrl: string;
  /** Initials for exhibits handed in through the public form (`PUB/1`). */
  readonly publicInitials: string;
  /** IANA zone assumed for naive times in uploaded exports. */
  readonly timeZone: string;
  /** Region for phone numbers written without a country code. */
  readonly defaultRegion: string;
  /** Absolute session lifetime, minutes. */
  readonly sessionMinutes: number;
  /** A session unused this long ends, minutes. */
  readonly idleMinutes: number;
  /** Failed sign-ins counted over this window, minutes; the lock lasts until they age out. */
  readonly lockoutWindowMinutes: number;
  /** Failures per account within the window that lock it. */
  readonly lockoutPerAccount: number;
  /** Failures per IP address within the window that lock it. */
  readonly lockoutPerIp: number;
  readonly inviteHours: number;
  readonly setupHours: number;
  /** How long a report's upload token works, minutes. */
  readonly uploadMinutes: number;
  /** Largest file accepted per upload, bytes. */
  readonly maxFileBytes: number;
  /** Most files per report. */
  readonly maxFilesPerReport: number;
  /** Most bytes per report over all its files. */
  readonly maxBytesPerReport: number;
}

export const DEFAULT_DESK_CONFIG: DeskConfig = {
  publicBaseUrl: 'http://127.0.0.1:8080',
  publicInitials: 'PUB',
  timeZone: 'Europe/London',
  defaultRegion: 'GB',
  sessionMinutes: 12 * 60,
  idleMinutes: 30,
  lockoutWindowMinutes: 15,
  lockoutPerAccount: 5,
  lockoutPerIp: 20,
  inviteHours: 72,
  setupHours: 24,
  uploadMinutes: 120,
  maxFileBytes: 1024 * 1024 * 1024,
  maxFilesPerReport: 20,
  maxBytesPerReport: 2 * 1024 * 1024 * 1024,
};

export interface DeskContext extends AppContext {
  readonly passwords: PasswordHasher;
  readonly totp: TotpService;
  readonly triage: TriageReader;
  readonly selectors: SelectorSource;
  readonly config: DeskConfig;
  /** PDF rendering of short summaries (the programme's transparency summary); absent: no PDF export. */
  readonly documents?: SummaryDocumentRenderer;
}

/** The actor of one request: role and user from the session, and the session (for justifications). */
export interface DeskActor extends Actor {
  /** SHA-256 id of the session; null for the public and the command line. */
  readonly sessionId: string | null;
}

/** Whoever runs the command line on the server: holds the data directory, acts as an admin (no case content). */
export const LOCAL_OPERATOR: DeskActor = {
  role: 'admin',
  userId: 'local-operator',
  sessionId: null,
};

/** The public, on the report form. */
export const PUBLIC_DESK_ACTOR: DeskActor = { role: 'public', userId: null, sessionId: null };
