// The feature steps of the UI suite, one file per topic, run in this order after the base
// scenario of run.ts (signed in, dev stopped, prod deleted, ui-new running) and before Sign Out.
// Each step names the earlier steps it needs; one whose needs failed is skipped (and counted failed).
import type { Run, Step } from '../context';
import { filterSteps } from './filter';

export function featureSteps(run: Run): Step[] {
  return [...filterSteps(run)];
}
