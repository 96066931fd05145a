/**
 * Before and after: per line, the weight now (light bar), the weight after the plan (dark bar)
 * and the target (a tick). A pure d3 builder, like the drift chart.
 */
import { scaleBand, scaleLinear, select } from 'd3';
import { drawPercentGrid } from './percent-grid';

export interface BeforeAfterRow {
  label: string;
  before: number;
  after: number;
  target: number;
}

const ROW_HEIGHT = 40;
const MARGIN = { top: 28, right: 24, bottom: 8, left: 72 };

export function drawBeforeAfterChart(svgElement: SVGSVGElement, rows: BeforeAfterRow[], width = 640): void {
  const WIDTH = Math.max(240, width);
  const height = MARGIN.top + MARGIN.bottom + rows.length * ROW_HEIGHT;
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('height', height);
  svg.selectAll('*').remove();
  const top = Math.max(0.05, ...rows.map((r) => Math.max(r.before, r.after, r.target)));
  const x = scaleLinear()
    .domain([0, top * 1.05])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.label))
    .range([MARGIN.top, height - MARGIN.bottom])
    .padding(0.2);
  drawPercentGrid(svg, x, MARGIN.top - 8, height - MARGIN.bottom);
  const row = svg
    .selectAll('g.row')
    .data(rows)
    .join('g')
    .attr('class', 'row')
    .attr('transform', (r) => `translate(0,${y(r.label)})`);
  const band = y.bandwidth();
  row
    .append('text')
    .attr('x', MARGIN.left - 8)
    .attr('y', band / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((r) => r.label);
  row
    .append('rect')
    .attr('class', 'bar before')
    .attr('x', MARGIN.left)
    .attr('y', 0)
    .attr('height', band / 2 - 1)
    .attr('width', (r) => x(r.before) - MARGIN.left);
  row
    .append('rect')
    .attr('class', 'bar after')
    .attr('x', MARGIN.left)
    .attr('y', band / 2)
    .attr('height', band / 2 - 1)
    .attr('width', (r) => x(r.after) - MARGIN.left);
  row
    .append('line')
    .attr('class', 'target')
    .attr('x1', (r) => x(r.target))
    .attr('x2', (r) => x(r.target))
    .attr('y1', -2)
    .attr('y2', band + 2);
}
