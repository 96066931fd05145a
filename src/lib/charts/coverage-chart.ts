/**
 * The coverage chart of the Data page: one row per stored price series, a bar from its first to
 * its last price on a shared time axis, so which asset has data when is visible at a glance.
 * A pure d3 builder (CoverageChart is drawn through D3Chart.svelte).
 */
import { axisTop, scaleBand, scaleUtc, select } from 'd3';

export interface CoverageRow {
  label: string;
  /** Day numbers (days since 1970-01-01) of the first and last price. */
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
const ROW_HEIGHT = 22;
const MARGIN = { top: 28, right: 16, bottom: 8, left: 80 };

export function drawCoverageChart(svgElement: SVGSVGElement, rows: CoverageRow[], width = 640): void {
  const WIDTH = Math.max(240, width);
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, rows.length) * ROW_HEIGHT;
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('height', height);
  svg.selectAll('*').remove();
  if (rows.length === 0) return;

  const first = Math.min(...rows.map((r) => r.from));
  const last = Math.max(...rows.map((r) => r.to));
  const x = scaleUtc()
    .domain([new Date(first * DAY_MS), new Date(Math.max(last, first + 1) * DAY_MS)])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.label))
    .range([MARGIN.top, height - MARGIN.bottom])
    .padding(0.3);

  svg
    .append('g')
    .attr('class', 'axis')
    .attr('aria-hidden', 'true')
    .attr('transform', `translate(0,${MARGIN.top - 4})`)
    .call(axisTop(x).ticks(Math.max(2, Math.floor((WIDTH - MARGIN.left) / 90))));

  const row = svg
    .append('g')
    .attr('aria-hidden', 'true')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('transform', (d) => `translate(0,${y(d.label)})`);
  row
    .append('text')
    .attr('class', 'label')
    .attr('x', MARGIN.left - 8)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => (d.label.length > 10 ? `${d.label.slice(0, 9)}…` : d.label));
  row
    .append('rect')
    .attr('class', 'bar long')
    .attr('x', (d) => x(new Date(d.from * DAY_MS)))
    .attr('width', (d) => Math.max(2, x(new Date(d.to * DAY_MS)) - x(new Date(d.from * DAY_MS))))
    .attr('height', y.bandwidth());
}
