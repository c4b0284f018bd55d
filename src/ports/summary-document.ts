/**
 * Renders a short tabular summary as PDF (the programme's counts-only transparency summary).
 * Implemented by the render adapter (`adapters/render/summary-pdf.ts`, embedded Noto fonts) and
 * handed to the use cases by the composition root.
 */

/** One line of the summary. */
export interface SummaryRow {
  readonly section: string;
  readonly label: string;
  readonly value: string;
}

export interface SummaryDocument {
  readonly title: string;
  /** E.g. the period covered. */
  readonly subtitle: string;
  readonly rows: readonly SummaryRow[];
  /** Plain-language notes printed under the table. */
  readonly notes: readonly string[];
  /** Written as the PDF creation date, ISO-8601 UTC. */
  readonly generatedAt: string;
}

export interface SummaryDocumentRenderer {
  /** The PDF bytes of `doc` (A4, fonts embedded). */
  renderPdf(doc: SummaryDocument): Promise<Uint8Array>;
}
