/**
 * Errors from the API as the web app sees them: the `ErrorBody` of every non-2xx response
 * (`src/contracts/common.ts`), with a message for people chosen by `code` (never by the server's
 * message text, which is only the fallback).
 */

/** Messages for codes the screens meet; anything else shows the server's own message. */
const MESSAGES: Readonly<Record<string, string>> = {
  SIGN_IN_FAILED: 'The username or password is not right. Check them and try again.',
  SIGN_IN_LOCKED:
    'This account is locked for a while after too many failed attempts. Try again later or ask an admin.',
  TOTP_INVALID:
    'That code is not right or has expired. Enter the current 6-digit code from your app.',
  TOTP_NOT_STARTED: 'Start the authenticator set-up again: the set-up code has expired.',
  SESSION_STAGE: 'Your sign-in has moved on or expired. Sign in again.',
  CSRF_TOKEN_INVALID: 'Your session has changed in another tab. Reload the page and try again.',
  RATE_LIMITED: 'Too many attempts from this connection. Wait a minute and try again.',
  POLICY_DENIED: 'You do not have permission to do that.',
  UNAUTHENTICATED: 'You need to sign in to see this page.',
  SESSION_EXPIRED: 'Your session has expired. Sign in again.',
  SETUP_TOKEN_INVALID:
    'The set-up link is not valid or has been used. Use the link the server printed when it first started.',
  SETUP_DONE: 'Custos is already set up. Sign in instead.',
  INVITE_INVALID:
    'This invitation link is not valid, has expired or has been used. Ask an admin for a new one.',
  PASSWORD_WRONG: 'Your current password is not right.',
  PASSWORD_WEAK: 'Choose a longer password: at least 12 characters, ideally a few unrelated words.',
  USERNAME_TAKEN: 'That username is taken. Choose another.',
  UPLOAD_TOKEN_INVALID:
    'The time to add files to this report has run out. Make a new report to send more.',
  UPLOAD_TOO_LARGE: 'That file is larger than the service accepts.',
  RECEIPT_NOT_FOUND: 'No report has that receipt code. Check the code and try again.',
  WELFARE_DECISION_REQUIRED:
    'Record a subject-welfare decision (vulnerability, suicide risk, safeguarding of others) before a referral for arrest or interview.',
  WELFARE_DECISION_NOT_FOUND: 'Choose one of this case’s subject-welfare decisions.',
  TASK_BLOCKED:
    'This task is blocked until an officer acknowledges a deconfliction match on its report.',
  JUSTIFICATION_REQUIRED: 'Say why you are opening this case.',
  NETWORK: 'Custos could not be reached. Check your connection and try again.',
  RESPONSE_SHAPE: 'The server sent an answer this page does not understand. Reload the page.',
};

/** An API call that failed: the HTTP status and the `ErrorBody` fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly category: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** What to show a person. */
  readonly userMessage: string;

  constructor(
    status: number,
    code: string,
    category: string,
    serverMessage: string,
    details?: Readonly<Record<string, unknown>>,
  ) {
    super(`${code}: ${serverMessage}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.category = category;
    this.details = details;
    this.userMessage = messageFor(code, serverMessage);
  }
}

/** The message for `code`, or `fallback` (the server's message) when the code has none here. */
export function messageFor(code: string, fallback: string): string {
  return MESSAGES[code] ?? (fallback || 'Something went wrong. Try again.');
}

/** A message for any thrown value (ApiError or otherwise). */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.userMessage;
  if (e instanceof Error) return e.message;
  return 'Something went wrong. Try again.';
}
