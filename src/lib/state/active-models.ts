/**
 * Which model of a kind runs: the user's own when one is chosen on the Signals page, else Keel's.
 * Every page that runs a model asks here, so a model of your own is used wherever ours would be,
 * and the page says whose model answered (our cards describe our models only).
 */
import type { ModelKind } from '../core/ml/contracts';
import { appRepositories } from './database';
import { builtInModel, modelCard, type ModelRef } from '../services/signals-service';

export interface ModelVerdict {
  beatsBaseline: boolean;
  verdict: string;
  /** The user's own model answered. */
  own?: boolean;
}

export interface ActiveModel {
  ref: ModelRef;
  /** The user's model, when it is theirs. */
  own?: { id: number; name: string; bytes: Uint8Array };
}

const KIND_NAMES: Record<ModelKind, string> = {
  forecaster: 'forecaster',
  regimes: 'regime model',
  policy: 'policy model',
  sentiment: 'sentiment model'
};

export async function activeModel(kind: ModelKind): Promise<ActiveModel> {
  const repos = await appRepositories();
  const id = (await repos.settings.get('activeModels'))[kind];
  const record = id !== undefined ? await repos.models.get(id) : undefined;
  if (!record || record.kind !== kind) return { ref: builtInModel(kind) };
  return {
    ref: { key: `user:${record.id}`, kind, bytes: record.bytes },
    own: { id: record.id, name: record.name, bytes: record.bytes }
  };
}

/** What to say beside a model's output: our card's out-of-sample verdict, or that the model is yours. */
export async function verdictFor(kind: ModelKind, active: ActiveModel): Promise<ModelVerdict> {
  if (active.own)
    return {
      beatsBaseline: false,
      own: true,
      verdict: `This is your own ${KIND_NAMES[kind]} ("${active.own.name}"): Keel has no out-of-sample record for it.`
    };
  return (await modelCard(kind)).evaluation;
}
