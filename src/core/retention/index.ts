/** Retention classes, review rules and what disposal erases. */
export * from './classes.ts';
export * from './review.ts';
export * from './erasure.ts';
