/**
 * Optimized weights as horizontal bars (negative weights to the left of zero), drawn at the
 * container's real width so labels keep their size.
 */
import { scaleBand, scaleLinear, select } from 'd3';
import { drawPercentGrid } from './percent-grid';

export interface WeightBar {
  label: string;
  weight: number;
}

export function drawWeightsChart(svgElement: SVGSVGElement, bars: WeightBar[], width = 640): void {
  const margin = { top: 24, right: 64, bottom: 8, left: 64 };
  const rowHeight = 24;
  const height = margin.top + margin.bottom + bars.length * rowHeight;
  const svg = select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('height', height);
  svg.selectAll('*').remove();
  const low = Math.min(0, ...bars.map((b) => b.weight));
  const high = Math.max(0.05, ...bars.map((b) => b.weight));
  const x = scaleLinear()
    .domain([low, high])
    .nice()
    .range([margin.left, width - margin.right]);
  const y = scaleBand<string>()
    .domain(bars.map((b) => b.label))
    .range([margin.top, height - margin.bottom])
    .padding(0.2);
  drawPercentGrid(svg, x, margin.top - 6, height - margin.bottom);
  const row = svg
    .append('g')
    .attr('aria-hidden', 'true')
    .selectAll('g')
    .data(bars)
    .join('g')
    .attr('transform', (d) => `translate(0,${y(d.label)})`);
  row
    .append('text')
    .attr('class', 'label')
    .attr('x', margin.left - 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d.label);
  row
    .append('rect')
    .attr('class', (d) => (d.weight < 0 ? 'bar short' : 'bar long'))
    .attr('x', (d) => x(Math.min(0, d.weight)))
    .attr('width', (d) => Math.abs(x(d.weight) - x(0)))
    .attr('height', y.bandwidth());
  row
    .append('text')
    .attr('class', 'value')
    .attr('x', width - margin.right + 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .text((d) => `${(d.weight * 100).toFixed(1)}%`);
}
