/**
 * The user's own ONNX models. The page checks a file against its kind's contract (in the signals
 * worker) before it comes here; this repository keeps the bytes with their SHA-256 and refuses
 * records that could not be used.
 */
import type { KeelDb } from '../open';
import type { ModelRecord } from '../schema';

const KINDS = ['forecaster', 'regimes', 'policy', 'sentiment'];
/** Larger files are refused: a browser's storage quota is shared with the price history. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

export class ModelRepository {
  constructor(private readonly db: KeelDb) {}

  async add(model: Omit<ModelRecord, 'id' | 'importedAt' | 'sha256'>): Promise<ModelRecord> {
    if (!KINDS.includes(model.kind)) throw new Error(`Unknown model kind "${model.kind}"`);
    if (model.bytes.length === 0) throw new Error('The model file is empty.');
    if (model.bytes.length > MAX_MODEL_BYTES)
      throw new Error(
        `The model file is ${(model.bytes.length / 2 ** 20).toFixed(0)} MB; at most 64 MB can be stored.`
      );
    const digest = await crypto.subtle.digest('SHA-256', model.bytes as Uint8Array<ArrayBuffer>);
    const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    const record = { ...model, sha256, importedAt: Date.now() };
    const id = (await this.db.add('models', record as ModelRecord)) as number;
    return { ...record, id };
  }

  async list(): Promise<ModelRecord[]> {
    return (await this.db.getAll('models')).sort((a, b) => a.id - b.id);
  }

  get(id: number): Promise<ModelRecord | undefined> {
    return this.db.get('models', id);
  }

  /** Deletes a model and returns it, so the page can offer undo. */
  async remove(id: number): Promise<ModelRecord | undefined> {
    const record = await this.get(id);
    if (record) await this.db.delete('models', id);
    return record;
  }

  async restore(record: ModelRecord): Promise<void> {
    await this.db.put('models', record);
  }
}
