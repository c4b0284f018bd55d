/**
 * Selectors (online identifiers): extraction from transcripts, normalization into match keys,
 * grouping per exhibit, and near-match comparison for deconfliction. Public entry point.
 */
export {
  SELECTOR_EXTRACTOR,
  SELECTOR_KINDS,
  PLATFORMS,
  matchKeyFamily,
  matchKeyOf,
  type Platform,
  type Selector,
  type SelectorConfidence,
  type SelectorFlag,
  type SelectorKind,
  type SelectorSource,
} from './types.ts';
export {
  SelectorExtractor,
  extractSelectors,
  type ExtractOptions,
  type SelectorExtraction,
} from './extract.ts';
export { scanText, type TextContext } from './text.ts';
export { groupSelectors, type SelectorGroup } from './group.ts';
export {
  compareSelectors,
  visualSkeleton,
  type ComparableSelector,
  type ComparisonLevel,
  type ComparisonRule,
  type SelectorComparison,
} from './compare.ts';
export { phoneRegion } from './phone.ts';
