/** Time source. Core and use cases never read the wall clock directly (STYLE.md, house rules). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
