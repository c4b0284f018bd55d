/**
 * Sexual content is detected only through this pluggable interface (research note §6.1,
 * principle 5). The default recognises nothing but the redaction placeholder token used in
 * synthetic data and redacted casework; a force may inject its own detector under
 * restricted configuration. No explicit vocabulary lives in this repository.
 */

/** One finding of a sexual-content detector. */
export interface SexualContentMatch {
  /** `[start, end)` in UTF-16 code units of the original message text. */
  readonly span: readonly [number, number];
  /** Stable rule id recorded in the reason. */
  readonly ruleId: string;
}

/** A sexual-content detector: pure, deterministic, over one message's original text. */
export interface SexualContentDetector {
  /** Identifier recorded with the ruleset version, e.g. `placeholder/1`. */
  readonly id: string;
  detect(text: string): readonly SexualContentMatch[];
}

/** The placeholder that synthetic and redacted data carry instead of sexual content. */
export const SEXUAL_CONTENT_PLACEHOLDER = '[SEXUAL_CONTENT_REDACTED]';

/**
 * The default detector: finds each occurrence of `[SEXUAL_CONTENT_REDACTED]` (exact, case
 * sensitive, as the fixtures README "Placeholder" section specifies).
 */
export const placeholderSexualContentDetector: SexualContentDetector = {
  id: 'placeholder/1',
  detect(text: string): readonly SexualContentMatch[] {
    const out: SexualContentMatch[] = [];
    let from = 0;
    for (;;) {
      const i = text.indexOf(SEXUAL_CONTENT_PLACEHOLDER, from);
      if (i < 0) break;
      out.push({ span: [i, i + SEXUAL_CONTENT_PLACEHOLDER.length], ruleId: 'SEXUAL_PLACEHOLDER' });
      from = i + SEXUAL_CONTENT_PLACEHOLDER.length;
    }
    return out;
  },
};
