/**
 * The correlation heatmap ordered by the HRP clustering, with its dendrogram above it: similar
 * assets sit next to each other, so blocks of high correlation show as squares.
 */
import { interpolateRdBu, scaleBand, scaleLinear, select } from 'd3';

export type Linkage = [number, number, number, number][];

export function drawCorrelationHeatmap(
  svgElement: SVGSVGElement,
  labels: string[],
  correlation: Float64Array,
  order: number[],
  linkage: Linkage,
  width = 640
): void {
  const n = labels.length;
  const dendrogramHeight = 80;
  const margin = { top: 8, left: 56, right: 8, bottom: 56 };
  const side = Math.max(120, Math.min(width - margin.left - margin.right, Math.max(260, 28 * n)));
  const height = margin.top + dendrogramHeight + side + margin.bottom;
  const svg = select(svgElement)
    .attr('viewBox', `0 0 ${margin.left + side + margin.right} ${height}`)
    .attr('height', height);
  svg.selectAll('*').remove();
  const ordered = order.map((i) => labels[i]);
  const band = scaleBand<string>().domain(ordered).range([0, side]);
  const top = margin.top + dendrogramHeight;
  const colour = (rho: number) => interpolateRdBu((1 - rho) / 2);

  const cells: { row: number; col: number; rho: number }[] = [];
  for (const i of order) for (const j of order) cells.push({ row: i, col: j, rho: correlation[i * n + j] });
  svg
    .append('g')
    .attr('aria-hidden', 'true')
    .selectAll('rect')
    .data(cells)
    .join('rect')
    .attr('x', (d) => margin.left + (band(labels[d.col]) ?? 0))
    .attr('y', (d) => top + (band(labels[d.row]) ?? 0))
    .attr('width', band.bandwidth())
    .attr('height', band.bandwidth())
    .attr('fill', (d) => colour(d.rho));
  const axis = svg.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
  axis
    .selectAll('text.row')
    .data(ordered)
    .join('text')
    .attr('class', 'row')
    .attr('x', margin.left - 4)
    .attr('y', (d) => top + (band(d) ?? 0) + band.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d);
  axis
    .selectAll('text.col')
    .data(ordered)
    .join('text')
    .attr('class', 'col')
    .attr(
      'transform',
      (d) => `translate(${margin.left + (band(d) ?? 0) + band.bandwidth() / 2},${top + side + 6}) rotate(60)`
    )
    .text((d) => d);

  // Dendrogram: leaves at their column centres, each merge at a height scaled by its distance.
  const maxDistance = Math.max(1e-9, ...linkage.map((row) => row[2]));
  const height0 = scaleLinear()
    .domain([0, maxDistance])
    .range([top - 2, margin.top]);
  const position = new Map<number, { x: number; y: number }>();
  order.forEach((leaf) =>
    position.set(leaf, { x: margin.left + (band(labels[leaf]) ?? 0) + band.bandwidth() / 2, y: top - 2 })
  );
  const segments: string[] = [];
  linkage.forEach(([left, right, distance], k) => {
    const a = position.get(left)!;
    const b = position.get(right)!;
    const y = height0(distance);
    segments.push(`M${a.x},${a.y}V${y}H${b.x}V${b.y}`);
    position.set(n + k, { x: (a.x + b.x) / 2, y });
  });
  svg.append('path').attr('class', 'dendrogram').attr('aria-hidden', 'true').attr('d', segments.join(''));
}
