/**
 * Court bundles (pure): the layout, the manifest and proofs documents, continuity records, the
 * documents for people (README, index, method statement, MG6C draft, CASE/UCO JSON-LD) and the
 * offline verifier shared by `custos bundle verify` and `verify.html`. Renderers (PDF, zip, the
 * page) live in `adapters/render`.
 */
export * from './layout.ts';
export * from './manifest.ts';
export * from './continuity.ts';
export * from './model.ts';
export * from './documents.ts';
export { caseJsonLd, JSONLD_CONTEXT } from './jsonld.ts';
export * from './verify.ts';
export { ShapeError, prettyJson } from './strict-json.ts';
