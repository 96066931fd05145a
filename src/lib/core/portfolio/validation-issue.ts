/**
 * Validation problems as data: a code plus the facts a sentence needs (which holding, which
 * field, what value, what limit). Wording lives in src/lib/messages, not here.
 */

export type ValidationCode =
  | 'empty-name'
  | 'empty-symbol'
  | 'invalid-symbol'
  | 'duplicate-symbol'
  | 'not-a-number'
  | 'negative-quantity'
  | 'missing-price'
  | 'non-positive-price'
  | 'negative-target'
  | 'target-above-100'
  | 'targets-not-100'
  | 'negative-cash'
  | 'invalid-currency'
  | 'missing-fx-rate'
  | 'non-positive-fx-rate'
  | 'invalid-lot-size'
  | 'unknown-asset-class'
  | 'unknown-portfolio'
  | 'unknown-holding'
  | 'quantity-spans-lots'
  | 'storage-failed';

export interface ValidationIssue {
  code: ValidationCode;
  /** The field the problem is in, e.g. "quantity", "targetWeight", "cash". */
  field: string;
  /** The holding concerned, when there is one. */
  symbol?: string;
  /** The offending value, as entered. */
  value?: number | string | null;
  /** The limit or expected figure, e.g. 1 for targets that must sum to 100 %. */
  expected?: number;
}
