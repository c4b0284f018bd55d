/** Source of opaque identifiers and random bytes, injected so tests are deterministic. */
export interface IdSource {
  /** A new unique opaque id (e.g. a UUID), safe to use in URLs and logs. */
  newId(): string;
  /** `n` cryptographically random bytes. */
  randomBytes(n: number): Uint8Array;
}
