/**
 * The vertical percentage grid the bar charts share: a line and a label per tick of `x`.
 */
import type { ScaleLinear, Selection } from 'd3';

export function drawPercentGrid(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  x: ScaleLinear<number, number>,
  top: number,
  bottom: number
): void {
  const ticks = x.ticks(5);
  const grid = svg.append('g').attr('class', 'grid').attr('aria-hidden', 'true');
  grid
    .selectAll('line')
    .data(ticks)
    .join('line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', top + 2)
    .attr('y2', bottom);
  grid
    .selectAll('text')
    .data(ticks)
    .join('text')
    .attr('x', (d) => x(d))
    .attr('y', top - 2)
    .attr('text-anchor', 'middle')
    .text((d) => `${Math.round(d * 100)}%`);
}
