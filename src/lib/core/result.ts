/**
 * Results as values. Core functions that can fail for reasons a user must hear about return a
 * `Result` instead of throwing: comlink rebuilds thrown errors as bare `Error`s and loses the
 * code and details the UI needs to write a sentence.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
