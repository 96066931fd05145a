/**
 * Why each trade is in the plan, as data the UI and the command line turn into sentences: the
 * band it fixes, the target it moves toward, the cash flow it places, the rule it restores, the
 * loss it harvests, where the asset is better placed, and which lots it sells and why.
 */
import type { Rule, Violation } from '../compliance/rules';
import type { LotMethod } from '../tax/lot-selection';
import type { EvaluatedTrade, Evaluation } from './evaluate-plan';
import { locationPenalty, type PlannerModel } from './planner-model';

export type TradeReason =
  | { code: 'band-breached'; line: string; weight: number; lower: number; upper: number }
  | { code: 'toward-target'; line: string; weightBefore: number; weightAfter: number; target: number }
  | { code: 'toward-band'; line: string; weightBefore: number; weightAfter: number; lower: number; upper: number }
  | { code: 'cash-flow'; amount: number }
  | { code: 'raise-cash'; minimum: number; cashBefore: number }
  | { code: 'rule'; rule: Rule; figure: number; limit: number }
  | { code: 'rule-limit'; rule: Rule; weightAfter: number }
  | { code: 'tax-loss-harvest'; loss: number; taxSaved: number }
  | { code: 'replaces-sold'; symbol: string }
  | { code: 'asset-location'; side: 'buy' | 'sell'; assetClass: string; accountType: string }
  | {
      code: 'lot';
      lotId: string;
      acquired: string | null;
      term: 'short' | 'long';
      quantity: number;
      gain: number;
      tax: number;
      method: LotMethod | 'specific';
    }
  | { code: 'wash-sale-deferred'; lotId: string }
  | { code: 'avoid-repurchase'; until: string };

interface Weights {
  lines: number[];
  cash: number;
}

const DAY = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function explainTrade(
  model: PlannerModel,
  trade: EvaluatedTrade,
  after: Evaluation,
  weights: { before: Weights; after: Weights },
  violationsBefore: Violation[],
  violationsAfter: Violation[]
): TradeReason[] {
  const reasons: TradeReason[] = [];
  const slot = model.slots[trade.slot];
  const symbol = model.symbols[slot.symbolIndex];
  const l = symbol.line;
  const line = model.lines[l];
  const policy = model.input.policy;
  const scope = policy.bands?.scope ?? 'holding';

  // Rules the holdings broke before the plan and no longer break because of this symbol.
  for (const v of violationsBefore) {
    const concerns =
      v.subject === trade.symbol ||
      (('field' in v.rule && symbol.attributes[v.rule.field]) === v.subject && v.subject !== undefined);
    const general = v.rule.kind === 'min-cash' && trade.side === 'sell';
    const fixed = !violationsAfter.some((w) => w.rule === v.rule && w.subject === v.subject);
    if ((concerns || general) && fixed) reasons.push({ code: 'rule', rule: v.rule, figure: v.figure, limit: v.limit });
  }
  // A weight rule the plan ends up against: it is why this trade stops where it does.
  const lotShare = (symbol.price * symbol.lotSize) / Math.max(1, after.totalAfter);
  const weightAfter = after.valueAfter[slot.symbolIndex] / Math.max(1, after.totalAfter);
  for (const rule of model.rules) {
    if (rule.kind !== 'max-weight' && rule.kind !== 'min-weight') continue;
    if (rule.symbol !== trade.symbol) continue;
    const pressing =
      rule.kind === 'max-weight'
        ? trade.side === 'buy' || weightAfter > line.target
        : trade.side === 'sell' || weightAfter < line.target;
    if (pressing && Math.abs(weightAfter - rule.limit) <= lotShare + 1e-12)
      reasons.push({ code: 'rule-limit', rule, weightAfter });
  }
  for (const breach of model.trigger.breaches) {
    const matches = scope === 'asset-class' ? breach.name === symbol.assetClass : breach.name === line.name;
    const right = trade.side === 'buy' ? breach.weight < breach.lower : breach.weight > breach.upper;
    if (matches && right)
      reasons.push({
        code: 'band-breached',
        line: breach.name,
        weight: breach.weight,
        lower: breach.lower,
        upper: breach.upper
      });
  }
  const wasBelow = weights.before.lines[l] < line.target;
  if (model.mode === 'target' && (trade.side === 'buy') === wasBelow && line.target + weights.before.lines[l] > 0)
    reasons.push({
      code: 'toward-target',
      line: line.name,
      weightBefore: weights.before.lines[l],
      weightAfter: weights.after.lines[l],
      target: line.target
    });
  if (model.mode === 'band-edge')
    reasons.push({
      code: 'toward-band',
      line: line.name,
      weightBefore: weights.before.lines[l],
      weightAfter: weights.after.lines[l],
      lower: line.lower,
      upper: line.upper
    });

  const contribution = policy.contribution ?? 0;
  const contributionAccount = policy.contributionAccount ?? model.accounts[0].id;
  if (contribution > 0 && trade.side === 'buy' && trade.account === contributionAccount)
    reasons.push({ code: 'cash-flow', amount: contribution });
  if (contribution < 0 && trade.side === 'sell') reasons.push({ code: 'cash-flow', amount: contribution });
  const cashBefore = model.cash.reduce((a, b) => a + b, 0);
  if (trade.side === 'sell' && model.minCash > cashBefore)
    reasons.push({ code: 'raise-cash', minimum: model.minCash, cashBefore });

  if (trade.side === 'sell') {
    const taxable = slot.taxable;
    if (taxable && trade.realizedGain < 0 && trade.tax < 0)
      reasons.push({ code: 'tax-loss-harvest', loss: -trade.realizedGain, taxSaved: -trade.tax });
    const specific = model.input.specificLots?.[`${trade.account}/${trade.symbol}`] !== undefined;
    for (const draw of trade.lots) {
      reasons.push({
        code: 'lot',
        lotId: draw.lotId,
        acquired: draw.acquired,
        term: draw.term,
        quantity: draw.quantity,
        gain: draw.gain,
        tax: draw.tax,
        method: specific ? 'specific' : model.lotMethod
      });
      if (draw.washDisallowed) reasons.push({ code: 'wash-sale-deferred', lotId: draw.lotId });
    }
    if (taxable && trade.lots.some((d) => d.gain < 0))
      reasons.push({ code: 'avoid-repurchase', until: addDays(model.asOf, model.washSaleDays + 1) });
  } else {
    const partnerSold = after.trades.find(
      (t) => t.side === 'sell' && t.symbol !== trade.symbol && model.symbols[model.slots[t.slot].symbolIndex].line === l
    );
    if (partnerSold) reasons.push({ code: 'replaces-sold', symbol: partnerSold.symbol });
  }

  if (model.weights.locationWeight > 0) {
    const penalty = locationPenalty(symbol.assetClass, slot.account.type);
    const best = Math.min(...model.accounts.map((a) => locationPenalty(symbol.assetClass, a.type)));
    if ((trade.side === 'buy' && penalty === best) || (trade.side === 'sell' && penalty > best))
      reasons.push({
        code: 'asset-location',
        side: trade.side,
        assetClass: symbol.assetClass,
        accountType: slot.account.type
      });
  }
  return reasons;
}
