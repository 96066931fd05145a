/**
 * `npm run models`: rebuilds every model from the shipped data — the same bytes for the same
 * data and seeds — and writes NAME.onnx and NAME.card.json into models/ (and copies them into
 * static/models/ for the app). `npm run models -- sentiment` rebuilds one.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { buildForecaster } from './train/forecaster';
import { buildRegimes } from './train/regimes';
import { buildPolicy } from './train/policy';
import { buildSentiment } from './train/sentiment';
import { writeModel, type BuiltModel } from './train/model-files';
import { root } from './train/data';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
mkdirSync(`${root}static/models`, { recursive: true });

function publish(model: BuiltModel) {
  const started = performance.now();
  const written = writeModel(model);
  for (const file of [written.onnx, written.card]) copyFileSync(file, `${root}static/models/${file.split('/').pop()}`);
  console.log(
    `${model.name}: ${written.sha256.slice(0, 16)}… (${((performance.now() - started) / 1000).toFixed(1)} s to write)`
  );
}

const time = <T>(name: string, f: () => T): T => {
  const started = performance.now();
  const result = f();
  console.log(`${name}: trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

if (wanted('forecaster')) publish(time('forecaster', buildForecaster));
// The policy reads the regime model's stressed probability, so it needs the regimes built first.
if (wanted('regimes') || wanted('policy')) {
  const regimes = time('regimes', buildRegimes);
  if (wanted('regimes')) publish(regimes);
  if (wanted('policy')) publish(time('policy', () => buildPolicy(regimes.graph)));
}
if (wanted('sentiment')) publish(time('sentiment', buildSentiment));
