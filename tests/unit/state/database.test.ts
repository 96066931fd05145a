import { describe, expect, it } from 'vitest';
import { guardStorage } from '$lib/state/database';
import { describeIssue } from '$lib/messages/en';

describe('guardStorage', () => {
  it('turns a full disk into an issue that says nothing saved was lost', async () => {
    const result = await guardStorage(() =>
      Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    );
    expect(result).toEqual({
      ok: false,
      error: [{ code: 'storage-failed', field: 'storage', value: 'QuotaExceededError' }]
    });
    if (result.ok) return;
    expect(describeIssue(result.error[0])).toBe(
      'This change was not saved: the browser says its storage for Keel is full. Everything saved before is intact; free some disk space and try again.'
    );
  });

  it('names any other refusal', async () => {
    const result = await guardStorage(() => Promise.reject(new DOMException('closing', 'InvalidStateError')));
    expect(result.ok === false && describeIssue(result.error[0])).toBe(
      "This change was not saved: the browser's storage refused it (InvalidStateError). Everything saved before is intact."
    );
  });

  it('passes results through untouched', async () => {
    expect(await guardStorage(async () => ({ ok: true as const, value: 7 }))).toEqual({ ok: true, value: 7 });
  });
});
