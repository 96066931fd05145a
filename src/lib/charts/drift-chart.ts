/**
 * The drift chart: one row per holding and cash, a bar for the current weight and a tick for the
 * target, coloured by whether the line is over or under target. A pure d3 builder; the Svelte
 * wrapper (DriftChart.svelte) only calls it. Colours come from CSS classes so light and dark
 * themes both work.
 */
import { scaleBand, scaleLinear, select } from 'd3';
import { drawPercentGrid } from './percent-grid';

export interface DriftChartRow {
  label: string;
  weight: number;
  target: number;
}

const ROW_HEIGHT = 34;
const MARGIN = { top: 28, right: 70, bottom: 8, left: 72 };

/**
 * Draws the chart `width` pixels wide (the wrapper passes its own width, so text keeps its size on
 * a phone instead of shrinking with a fixed viewBox).
 */
export function drawDriftChart(svgElement: SVGSVGElement, rows: DriftChartRow[], width = 640): void {
  const WIDTH = Math.max(240, width);
  const height = MARGIN.top + MARGIN.bottom + rows.length * ROW_HEIGHT;
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('height', height);
  svg.selectAll('*').remove();

  const maxWeight = Math.max(0.05, ...rows.map((r) => Math.max(r.weight, r.target)));
  const x = scaleLinear()
    .domain([0, maxWeight * 1.05])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>()
    .domain(rows.map((r) => r.label))
    .range([MARGIN.top, height - MARGIN.bottom])
    .padding(0.25);

  drawPercentGrid(svg, x, MARGIN.top - 8, height - MARGIN.bottom);

  const row = svg
    .append('g')
    .attr('aria-hidden', 'true')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('transform', (d) => `translate(0,${y(d.label)})`);
  const band = y.bandwidth();

  row
    .append('text')
    .attr('class', 'label')
    .attr('x', MARGIN.left - 8)
    .attr('y', band / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d.label);
  row
    .append('rect')
    .attr('class', (d) => (d.weight > d.target ? 'bar over' : 'bar under'))
    .attr('x', x(0))
    .attr('height', band)
    .attr('width', (d) => Math.max(0, x(d.weight) - x(0)));
  row
    .append('line')
    .attr('class', 'target')
    .attr('x1', (d) => x(d.target))
    .attr('x2', (d) => x(d.target))
    .attr('y1', -4)
    .attr('y2', band + 4);
  row
    .append('text')
    .attr('class', 'drift')
    .attr('x', WIDTH - MARGIN.right + 6)
    .attr('y', band / 2)
    .attr('dy', '0.35em')
    .text((d) => {
      const points = (d.weight - d.target) * 100;
      return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pp`;
    });
}
