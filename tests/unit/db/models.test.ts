import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '$lib/db/backup';
import { openKeelDb } from '$lib/db/open';
import { repositories } from '$lib/db/repositories';

describe("the user's own models", () => {
  it('keep their bytes and SHA-256, can be deleted and put back, and travel in backups byte for byte', async () => {
    const repos = repositories(await openKeelDb({ name: 'models' }));
    const bytes = new Uint8Array(readFileSync('models/forecaster.onnx'));
    const saved = await repos.models.add({ kind: 'forecaster', name: 'my forecaster.onnx', bytes });
    expect(saved.sha256).toBe(JSON.parse(readFileSync('models/forecaster.card.json', 'utf8')).sha256);
    const removed = await repos.models.remove(saved.id);
    expect(await repos.models.list()).toEqual([]);
    await repos.models.restore(removed!);
    expect((await repos.models.list()).map((m) => m.name)).toEqual(['my forecaster.onnx']);

    const backup = await createBackup(repos.db);
    const target = repositories(await openKeelDb({ name: 'models-restored' }));
    expect(await restoreBackup(target.db, JSON.stringify(backup))).toEqual({ ok: true });
    const back = await target.models.get(saved.id);
    expect(back?.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(back!.bytes), Buffer.from(bytes))).toBe(0);
  });

  it('refuse an unknown kind and an empty file, storing nothing', async () => {
    const repos = repositories(await openKeelDb({ name: 'models-bad' }));
    await expect(repos.models.add({ kind: 'oracle', name: 'x.onnx', bytes: new Uint8Array([1]) })).rejects.toThrow(
      'Unknown model kind "oracle"'
    );
    await expect(repos.models.add({ kind: 'policy', name: 'x.onnx', bytes: new Uint8Array() })).rejects.toThrow(
      'empty'
    );
    expect(await repos.models.list()).toEqual([]);
  });
});
