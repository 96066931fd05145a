/**
 * Hierarchical risk parity (López de Prado 2016) exactly as PyPortfolioOpt's `HRPOpt` computes it
 * (reference-definitions.md §6):
 *
 * 1. correlation distance dᵢⱼ = √(clip((1 − ρᵢⱼ)/2, 0, 1)) from the pairwise-complete daily
 *    correlation, fed directly to single-linkage clustering (no distance-of-distances step);
 * 2. leaf order = the left-first pre-order of the linkage tree (scipy `to_tree().pre_order()`);
 * 3. recursive bisection of that ordered list: split each cluster into its first ⌊len/2⌋ items
 *    and the rest, and share weight by α = 1 − V_left / (V_left + V_right), with each V the
 *    inverse-variance portfolio's variance within the cluster (daily covariance).
 *
 * Single linkage follows scipy's minimum-spanning-tree algorithm (Prim from item 0, a stable sort
 * by distance, union-find relabelling with the smaller root on the left) so ties resolve the same
 * way. O(N²) for the clustering, O(N² log N) for the bisection.
 */
import type { ReturnTable } from '../returns/return-table';
import { pairwiseCorrelation, pairwiseCovariance } from '../estimators/risk-models/pairwise';

/** One merge of a linkage matrix: [left, right, distance, size], as scipy writes it. */
export type LinkageRow = [number, number, number, number];

/** Single-linkage clustering of n items from a full n×n distance matrix (scipy's algorithm). */
export function singleLinkage(distance: Float64Array, n: number): LinkageRow[] {
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const merged = new Uint8Array(n);
  const edges: [number, number, number][] = [];
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let currentMin = Number.POSITIVE_INFINITY;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const d = distance[x * n + i];
      if (best[i] > d) best[i] = d;
      if (best[i] < currentMin) {
        y = i;
        currentMin = best[i];
      }
    }
    edges.push([x, y, currentMin]);
    x = y;
  }
  // A stable sort by distance (Array.prototype.sort is stable), then relabel with union-find.
  edges.sort((a, b) => a[2] - b[2]);
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const size = new Array<number>(2 * n - 1).fill(1);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  let next = n;
  return edges.map(([a, b, d]) => {
    const rootA = find(a);
    const rootB = find(b);
    const left = Math.min(rootA, rootB);
    const right = Math.max(rootA, rootB);
    parent[rootA] = next;
    parent[rootB] = next;
    size[next] = size[rootA] + size[rootB];
    return [left, right, d, size[next++]] as LinkageRow;
  });
}

/** Leaves in left-first depth-first order (scipy `to_tree(Z).pre_order()`). */
export function preOrder(linkage: LinkageRow[], n: number): number[] {
  if (n === 1) return [0];
  const order: number[] = [];
  const stack = [n + linkage.length - 1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < n) order.push(node);
    else {
      const [left, right] = linkage[node - n];
      stack.push(right, left);
    }
  }
  return order;
}

/** Variance of the inverse-variance portfolio of a cluster. */
function clusterVariance(cov: Float64Array, n: number, members: number[]): number {
  let inverseSum = 0;
  for (const i of members) inverseSum += 1 / cov[i * n + i];
  let variance = 0;
  for (const i of members) {
    const wi = 1 / cov[i * n + i] / inverseSum;
    for (const j of members) variance += wi * (1 / cov[j * n + j] / inverseSum) * cov[i * n + j];
  }
  return variance;
}

/** Recursive bisection of an ordered list of items. */
export function recursiveBisection(cov: Float64Array, n: number, order: number[]): Float64Array {
  const weights = new Float64Array(n).fill(1);
  let clusters = [order];
  while (clusters.length > 0) {
    const next: number[][] = [];
    for (const cluster of clusters) {
      if (cluster.length < 2) continue;
      const half = Math.floor(cluster.length / 2);
      const left = cluster.slice(0, half);
      const right = cluster.slice(half);
      const leftVariance = clusterVariance(cov, n, left);
      const rightVariance = clusterVariance(cov, n, right);
      const alpha = 1 - leftVariance / (leftVariance + rightVariance);
      for (const i of left) weights[i] *= alpha;
      for (const i of right) weights[i] *= 1 - alpha;
      next.push(left, right);
    }
    clusters = next;
  }
  return weights;
}

export interface HrpResult {
  weights: Float64Array;
  /** Leaf order of the clustering (asset indices), for the ordered correlation heatmap. */
  order: number[];
  linkage: LinkageRow[];
  /** Daily pairwise correlation and covariance used. */
  correlation: Float64Array;
  covariance: Float64Array;
}

export function hierarchicalRiskParity(returns: ReturnTable): HrpResult {
  const rows = returns.dates.length;
  const n = returns.assets.length;
  const covariance = pairwiseCovariance(returns.values, rows, n);
  // With no missing value the pairwise correlation is just cov / (σᵢσⱼ): skip a second pass.
  const complete = !returns.values.some(Number.isNaN);
  const correlation = complete
    ? covariance.map((value, k) => {
        const i = Math.floor(k / n);
        const j = k % n;
        return i === j ? 1 : value / Math.sqrt(covariance[i * n + i] * covariance[j * n + j]);
      })
    : pairwiseCorrelation(returns.values, rows, n);
  const distance = correlation.map((rho) => Math.sqrt(Math.min(1, Math.max(0, (1 - rho) / 2))));
  for (let i = 0; i < n; i++) distance[i * n + i] = 0;
  const linkage = singleLinkage(distance, n);
  const order = preOrder(linkage, n);
  return { weights: recursiveBisection(covariance, n, order), order, linkage, correlation, covariance };
}

/**
 * HRP from a covariance matrix alone (PyPortfolioOpt with only `cov_matrix`): the correlation is
 * cov_to_corr(cov) rounded to 6 decimals, and the covariance is used as given.
 */
export function hierarchicalRiskParityFromCovariance(
  cov: Float64Array,
  n: number
): Omit<HrpResult, 'correlation' | 'covariance'> {
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const rho = i === j ? 1 : Math.round((cov[i * n + j] / Math.sqrt(cov[i * n + i] * cov[j * n + j])) * 1e6) / 1e6;
      distance[i * n + j] = i === j ? 0 : Math.sqrt(Math.min(1, Math.max(0, (1 - rho) / 2)));
    }
  }
  const linkage = singleLinkage(distance, n);
  const order = preOrder(linkage, n);
  return { weights: recursiveBisection(cov, n, order), order, linkage };
}

/**
 * Hierarchical equal risk contribution (after Raffinot 2017), in its plain form: the same
 * clustering as HRP, but the bisection follows the dendrogram instead of halving the ordered
 * list, so each split separates real clusters; at each merge the two children share the weight
 * in inverse proportion to their inverse-variance-portfolio variances (α = V_right / (V_left + V_right)).
 * Keel does not truncate the tree at an "optimal" number of clusters (the gap-statistic step of
 * some implementations); every merge is used.
 */
export function hierarchicalEqualRiskContribution(cov: Float64Array, n: number, linkage: LinkageRow[]): Float64Array {
  const weights = new Float64Array(n).fill(1);
  const members = (node: number): number[] => {
    if (node < n) return [node];
    const [left, right] = linkage[node - n];
    return [...members(left), ...members(right)];
  };
  const visit = (node: number) => {
    if (node < n) return;
    const [left, right] = linkage[node - n];
    const leftMembers = members(left);
    const rightMembers = members(right);
    const leftVariance = clusterVariance(cov, n, leftMembers);
    const rightVariance = clusterVariance(cov, n, rightMembers);
    const alpha = rightVariance / (leftVariance + rightVariance);
    for (const i of leftMembers) weights[i] *= alpha;
    for (const i of rightMembers) weights[i] *= 1 - alpha;
    visit(left);
    visit(right);
  };
  if (n > 1) visit(n + linkage.length - 1);
  return weights;
}
