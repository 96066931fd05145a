/**
 * The efficient frontier (volatility → expected return) with the chosen portfolio marked.
 */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';

export interface FrontierChartPoint {
  volatility: number;
  expectedReturn: number;
}

export function drawFrontierChart(
  svgElement: SVGSVGElement,
  curve: FrontierChartPoint[],
  chosen: FrontierChartPoint | undefined,
  width = 640
): void {
  const height = Math.round(Math.min(360, Math.max(220, width * 0.55)));
  const margin = { top: 16, right: 16, bottom: 40, left: 56 };
  const svg = select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('height', height);
  svg.selectAll('*').remove();
  const all = chosen ? [...curve, chosen] : curve;
  if (all.length === 0) return;
  const x = scaleLinear()
    .domain([Math.min(...all.map((p) => p.volatility)) * 0.95, Math.max(...all.map((p) => p.volatility)) * 1.05])
    .nice()
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([
      Math.min(...all.map((p) => p.expectedReturn)) * 0.95,
      Math.max(...all.map((p) => p.expectedReturn)) * 1.05
    ])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const percent = (d: number | { valueOf(): number }) => `${(+d * 100).toFixed(1)}%`;
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(axisBottom(x).ticks(5).tickFormat(percent));
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat(percent));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', width / 2)
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .text('volatility');
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(14,${height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text('expected return');
  const path = line<FrontierChartPoint>()
    .x((p) => x(p.volatility))
    .y((p) => y(p.expectedReturn));
  svg
    .append('path')
    .attr('class', 'frontier')
    .attr('d', path(curve) ?? '');
  if (chosen) {
    svg
      .append('circle')
      .attr('class', 'chosen')
      .attr('cx', x(chosen.volatility))
      .attr('cy', y(chosen.expectedReturn))
      .attr('r', 6);
  }
}
