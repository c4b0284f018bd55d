/** Injected by esbuild as the global `Buffer` of the verifier page (the `buffer` npm package). */
import { Buffer } from 'buffer';

export { Buffer };
