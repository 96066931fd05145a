/**
 * The backtest page's charts (d3), each drawn at the container's real width: lines over time
 * (equity with a log-scale option and trade markers, drawdowns, rolling risk), stacked weights,
 * a wealth fan, and heatmaps (monthly returns, sweep results). Every chart has a table or CSV
 * next to it on the page; the SVG itself is a labelled image.
 */
import {
  area,
  axisBottom,
  axisLeft,
  extent,
  interpolateRdYlGn,
  line,
  scaleBand,
  scaleLinear,
  scaleLog,
  scaleOrdinal,
  scaleSequential,
  scaleUtc,
  schemeTableau10,
  select,
  stack,
  type ScaleContinuousNumeric,
  type ScaleTime,
  type Selection,
  type SeriesPoint
} from 'd3';

export const SERIES_COLOURS = schemeTableau10;

export interface LineSeries {
  name: string;
  dates: readonly string[];
  values: ArrayLike<number>;
  dashed?: boolean;
}

const margin = { top: 12, right: 16, bottom: 28, left: 60 };
const parse = (date: string) => new Date(`${date}T00:00:00Z`);

function frame(
  svgElement: SVGSVGElement,
  width: number,
  height: number
): Selection<SVGSVGElement, unknown, null, undefined> {
  const svg = select(svgElement).attr('viewBox', `0 0 ${width} ${height}`).attr('height', height);
  svg.selectAll('*').remove();
  return svg;
}

/** The date axis along the bottom and the value axis on the left (hidden from screen readers: the page has the table). */
function drawTimeAxes(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  x: ScaleTime<number, number>,
  y: ScaleContinuousNumeric<number, number>,
  width: number,
  height: number,
  format: (v: number) => string
): void {
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('aria-hidden', 'true')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('aria-hidden', 'true')
    .attr('transform', `translate(${margin.left},0)`)
    .call(
      axisLeft(y)
        .ticks(5)
        .tickFormat((v) => format(Number(v)))
    );
}

/** Lines over time; `log` plots values on a log scale; `markers` puts ticks under the first series at those dates. */
export function drawLines(
  svgElement: SVGSVGElement,
  series: LineSeries[],
  width: number,
  options: {
    log?: boolean;
    format?: (v: number) => string;
    markers?: readonly string[];
    /** The series the markers belong to (their colour); default the first. */
    markerSeries?: string;
    height?: number;
  } = {}
): void {
  const height = options.height ?? 260;
  const svg = frame(svgElement, width, height);
  const all = series.flatMap((s) => Array.from(s.values).filter(Number.isFinite));
  if (all.length === 0) return;
  const dates = series.flatMap((s) => [s.dates[0], s.dates[s.dates.length - 1]]).map(parse);
  const x = scaleUtc()
    .domain(extent(dates) as [Date, Date])
    .range([margin.left, width - margin.right]);
  const [low, high] = [Math.min(...all), Math.max(...all)];
  const y = (
    options.log && low > 0
      ? scaleLog().domain([low, high])
      : scaleLinear()
          .domain([Math.min(low, 0), high])
          .nice()
  ).range([height - margin.bottom, margin.top]);
  const format = options.format ?? ((v: number) => `${v}`);
  drawTimeAxes(svg, x, y, width, height, format);
  const colour = scaleOrdinal<string, string>(SERIES_COLOURS).domain(series.map((s) => s.name));
  const path = line<number>()
    .defined((v) => Number.isFinite(v) && (!options.log || v > 0))
    .y((v) => y(v));
  for (const s of series) {
    const points = Array.from(s.values);
    svg
      .append('path')
      .attr('class', 'series')
      .attr('data-name', s.name)
      .attr('fill', 'none')
      .attr('stroke', colour(s.name))
      .attr('stroke-width', 1.6)
      .attr('stroke-dasharray', s.dashed ? '5 3' : null)
      .attr('d', path.x((_, i) => x(parse(s.dates[i])))(points));
  }
  if (options.markers && options.markers.length > 0) {
    svg
      .append('g')
      .attr('class', 'trade-markers')
      .attr('aria-hidden', 'true')
      .selectAll('line')
      .data(options.markers)
      .join('line')
      .attr('x1', (d) => x(parse(d)))
      .attr('x2', (d) => x(parse(d)))
      .attr('y1', height - margin.bottom - 8)
      .attr('y2', height - margin.bottom)
      .attr('stroke', colour(options.markerSeries ?? series[0].name))
      .attr('stroke-width', 1);
  }
}

/** Weights over time as a stacked area (one band per asset). */
export function drawStackedWeights(
  svgElement: SVGSVGElement,
  assets: readonly string[],
  dates: readonly string[],
  weights: readonly (readonly number[])[],
  width: number
): void {
  const height = 240;
  const svg = frame(svgElement, width, height);
  // At most ~400 points: enough for the eye, light for the DOM.
  const step = Math.max(1, Math.ceil(dates.length / 400));
  const rows = dates.map((date, t) => ({ date, t })).filter((_, t) => t % step === 0 || t === dates.length - 1);
  const data = rows.map(({ date, t }) => ({
    date: parse(date),
    ...Object.fromEntries(assets.map((a, j) => [a, Math.max(0, weights[t][j])]))
  })) as ({ date: Date } & Record<string, number>)[];
  const layers = stack<{ date: Date } & Record<string, number>>().keys(assets as string[])(data);
  const x = scaleUtc()
    .domain(extent(data, (d) => d.date) as [Date, Date])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([height - margin.bottom, margin.top]);
  const colour = scaleOrdinal<string, string>(SERIES_COLOURS).domain(assets as string[]);
  svg
    .append('g')
    .selectAll('path')
    .data(layers)
    .join('path')
    .attr('class', 'layer')
    .attr('data-name', (d) => d.key)
    .attr('fill', (d) => colour(d.key))
    .attr(
      'd',
      area<SeriesPoint<{ date: Date } & Record<string, number>>>()
        .x((d) => x(d.data.date))
        .y0((d) => y(d[0]))
        .y1((d) => y(d[1]))
    );
  drawTimeAxes(svg, x, y, width, height, (v) => `${Math.round(v * 100)} %`);
}

/** The wealth fan: 5–95 % and 25–75 % bands with the median line. */
export function drawFan(
  svgElement: SVGSVGElement,
  fan: readonly { date: string; q05: number; q25: number; q50: number; q75: number; q95: number }[],
  width: number,
  options: { goal?: number; format: (v: number) => string }
): void {
  const height = 260;
  const svg = frame(svgElement, width, height);
  if (fan.length === 0) return;
  const x = scaleUtc()
    .domain([parse(fan[0].date), parse(fan[fan.length - 1].date)])
    .range([margin.left, width - margin.right]);
  const high = Math.max(...fan.map((f) => f.q95), options.goal ?? 0);
  const y = scaleLinear()
    .domain([0, high])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const band = (lo: 'q05' | 'q25', hi: 'q95' | 'q75') =>
    area<(typeof fan)[number]>()
      .x((d) => x(parse(d.date)))
      .y0((d) => y(d[lo]))
      .y1((d) => y(d[hi]));
  svg
    .append('path')
    .attr('class', 'fan-outer')
    .attr('d', band('q05', 'q95')(fan as (typeof fan)[number][]));
  svg
    .append('path')
    .attr('class', 'fan-inner')
    .attr('d', band('q25', 'q75')(fan as (typeof fan)[number][]));
  svg
    .append('path')
    .attr('class', 'fan-median')
    .attr('fill', 'none')
    .attr(
      'd',
      line<(typeof fan)[number]>()
        .x((d) => x(parse(d.date)))
        .y((d) => y(d.q50))(fan as (typeof fan)[number][])
    );
  if (options.goal !== undefined)
    svg
      .append('line')
      .attr('class', 'goal')
      .attr('x1', margin.left)
      .attr('x2', width - margin.right)
      .attr('y1', y(options.goal))
      .attr('y2', y(options.goal));
  drawTimeAxes(svg, x, y, width, height, options.format);
}

/** A heatmap of labelled cells: red for low, green for high (NaN cells stay blank). */
export function drawHeatmap(
  svgElement: SVGSVGElement,
  rows: readonly string[],
  columns: readonly string[],
  value: (row: number, column: number) => number,
  width: number,
  format: (v: number) => string
): void {
  const cell = 22;
  const left = 72;
  const top = 20;
  const height = top + rows.length * cell + 4;
  const svg = frame(svgElement, width, height);
  const x = scaleBand<number>()
    .domain(columns.map((_, c) => c))
    .range([left, width - 8])
    .padding(0.04);
  const y = scaleBand<number>()
    .domain(rows.map((_, r) => r))
    .range([top, height - 4])
    .padding(0.04);
  const cells = rows.flatMap((_, r) => columns.map((_, c) => ({ r, c, v: value(r, c) })));
  const finite = cells.map((d) => d.v).filter(Number.isFinite);
  const bound = Math.max(1e-12, ...finite.map(Math.abs));
  const low = Math.min(...finite);
  const colour = scaleSequential(interpolateRdYlGn).domain(low < 0 ? [-bound, bound] : [low, Math.max(...finite)]);
  const g = svg.append('g').attr('aria-hidden', 'true');
  g.selectAll('rect')
    .data(cells.filter((d) => Number.isFinite(d.v)))
    .join('rect')
    .attr('class', 'cell')
    .attr('x', (d) => x(d.c)!)
    .attr('y', (d) => y(d.r)!)
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (d) => colour(d.v))
    .append('title')
    .text((d) => `${rows[d.r]}, ${columns[d.c]}: ${format(d.v)}`);
  g.selectAll('text.row')
    .data(rows)
    .join('text')
    .attr('class', 'row')
    .attr('x', left - 6)
    .attr('y', (_, r) => y(r)! + y.bandwidth() / 2 + 4)
    .attr('text-anchor', 'end')
    .text((d) => d);
  const every = Math.max(1, Math.ceil((columns.length * 40) / Math.max(1, width - left)));
  g.selectAll('text.column')
    .data(columns)
    .join('text')
    .attr('class', 'column')
    .attr('x', (_, c) => x(c)! + x.bandwidth() / 2)
    .attr('y', top - 6)
    .attr('text-anchor', 'middle')
    .text((d, c) => (c % every === 0 ? d : ''));
}
