/** The shape of a policy: one named rule per action, each a predicate over actor and resource. */
import type { Actor } from './roles.ts';

/** One rule: may `actor` do this to `resource`? */
export type Rule<R> = (actor: Actor, resource: R) => boolean;

/** A resource's rules, by action. */
export type Policy<R> = Readonly<Record<string, Rule<R>>>;
