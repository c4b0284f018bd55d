/**
 * Small charts in plain SVG (no library, nothing fetched): a bar chart of labelled values. Every
 * chart is a `figure` with a caption, the SVG has `role="img"` and a text alternative listing the
 * values, and each bar carries its value as text, so nothing depends on seeing the bars (WCAG 2.2
 * 1.1.1, 1.4.1).
 */
import type { ReactNode } from 'react';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

/**
 * Vertical bars, one per item, scaled to the largest value; values printed above the bars.
 * @param format - how a value reads (`3`, `1 h 05 min`).
 */
export function BarChart(props: {
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly format?: (v: number) => string;
  readonly testId?: string;
}): ReactNode {
  const format = props.format ?? ((v: number) => String(v));
  const n = Math.max(props.bars.length, 1);
  // Each bar's slot is wide enough for its label and value at 11px (about 6.5px a character).
  const longest = Math.max(
    0,
    ...props.bars.map((b) => Math.max(b.label.length, format(b.value).length)),
  );
  const width = Math.max(320, n * Math.max(56, longest * 6.5 + 10));
  const height = 180;
  const top = 22;
  const bottom = 36;
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const slot = width / n;
  const barWidth = Math.min(36, slot * 0.6);
  const alt = `${props.title}: ${props.bars.map((b) => `${b.label} ${format(b.value)}`).join('; ')}`;
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <div className="chart-scroll">
        <svg
          role="img"
          aria-label={alt}
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          className="chart-svg"
        >
          <line
            x1={0}
            x2={width}
            y1={height - bottom}
            y2={height - bottom}
            className="chart-axis"
          />
          {props.bars.map((b, i) => {
            const h = ((height - top - bottom) * b.value) / max;
            const x = i * slot + (slot - barWidth) / 2;
            const y = height - bottom - h;
            return (
              <g key={`${b.label}-${i}`}>
                <rect x={x} y={y} width={barWidth} height={h} className="chart-bar" />
                <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="chart-value">
                  {format(b.value)}
                </text>
                <text
                  x={x + barWidth / 2}
                  y={height - bottom + 14}
                  textAnchor="middle"
                  className="chart-label"
                >
                  {b.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}

/** `2026-03-09` → `9 Mar` (the week a bar stands for). */
export function weekLabel(week: string): string {
  const d = new Date(`${week}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? week
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
