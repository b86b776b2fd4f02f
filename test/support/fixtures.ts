// Facts copied from the published qbo AsyncAPI document and the vendor's docs (see docs/PROTOCOL.md), so no test reads
// anything outside this repository.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The service-account test vector: the spec publishes the private scalar `d` so a JWE can be checked. */
export const TEST_VECTOR = {
  user: 'alex@qbo.io',
  aux: '66fac858-a271-49cf-bad0-fdd9ff0b4787',
  publicJwk: {
    kty: 'EC' as const,
    crv: 'P-521' as const,
    x: 'AMu-cWn4gmkQiCAJMeW4BfZUAhPwAA3rROnw6nGUk8hl3bvV7gKKng2Eov6oxTvg70kulH6Nbq2wvJbAzyAjnPlT',
    y: 'Ab7VgSfOzG-7IgRF6ffUn5E0J43eDL8_vFtFtP7RihVgNBMUeZzo0yaskfx59SdqnL8q24wEHSTp4dDUxNal3kQ1',
  },
  d: 'AVuTcFe_AJetnzt2xYQu2M505A3YNoAiHgh7JlkbFJq7H3UNjmaEhawPiK0AU8IoimyfoN4cCSlF087u1_Cytqw7',
};

/** The service-account cli.json of the spec. */
export const SERVICE_ACCOUNT_CLI_JSON = {
  qbo_uid: TEST_VECTOR.publicJwk,
  qbo_aux: TEST_VECTOR.aux,
  qbo_port: 443,
  qbo_host: 'nemo.cloud.qbo.io',
  qbo_user: TEST_VECTOR.user,
};

/** The temporary web token cli.json of the spec. */
export const TOKEN_CLI_JSON = { qbo_port: 443, qbo_host: '172.17.0.1', qbo_uid: '33820cc1-d513-4fa8-88ac-1adb008c3864' };

/** Every example command of the AsyncAPI document. */
export const SPEC_EXAMPLE_COMMANDS = [
  'version',
  'get nodes dev prod',
  'get nodes -A',
  'get pods -A',
  'get services -A',
  'get net dev prod',
  'get ipvs -A',
  'get users -A',
  'get images -A',
  'start clusters dev prod',
  'start clusters -A',
  'stop clusters alex',
  'stop clusters -A',
  'add cluster alex -i hub.docker.com/kindest/node:v1.27.3',
  'add cluster dev prod',
  'delete cluster dev prod',
  'delete clusters -A',
];

export function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'support', 'fixtures', name), 'utf8');
}
