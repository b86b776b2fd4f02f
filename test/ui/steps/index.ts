// The feature steps of the UI suite, one file per topic, run in this order after the base
// scenario of run.ts (signed in, dev stopped, prod deleted, ui-new running) and before Sign Out.
// Each step names the earlier steps it needs; one whose needs failed is skipped (and counted failed).
// Steps that connect a second profile leave the qbo CLI profile connected alone when they end.
// Delete All Clusters comes last: it leaves no cluster for anything after it.
import * as fs from 'node:fs';
import type { Run, Step } from '../context';
import { activitySteps } from './activity';
import { allClustersSteps } from './allClusters';
import { EmulatorState } from './emulatorState';
import { filterSteps } from './filter';
import { manifestAndForwardSteps } from './manifestsAndForwards';
import { palettePickerSteps } from './palettePickers';
import { serviceAccountSteps } from './serviceAccount';
import { signInAndProfileSteps } from './signInAndProfiles';
import { taskSteps } from './tasks';
import { twoProfileSteps } from './twoProfiles';
import { workloadSteps } from './workloads';

/** The base scenario's first step: the view lists dev and prod. */
const OPEN = 'the qbo view lists the clusters dev and prod';

export function featureSteps(run: Run): Step[] {
  const emulator = new EmulatorState(run.cliJson);
  const port = Number((JSON.parse(fs.readFileSync(run.cliJson, 'utf8')) as { qbo_port?: unknown }).qbo_port);
  return [
    ...filterSteps(run),
    ...palettePickerSteps(run, emulator, [OPEN]),
    ...signInAndProfileSteps(run, port, [OPEN]),
    ...workloadSteps(run, [OPEN]),
    ...serviceAccountSteps(run, [OPEN]),
    ...twoProfileSteps(run, emulator, [OPEN]),
    ...taskSteps(run, [OPEN]),
    ...activitySteps(run, [OPEN]),
    ...manifestAndForwardSteps(run, [OPEN]),
    ...allClustersSteps(run, emulator, [OPEN]),
  ];
}
