// Accounts made while the server runs (docs/PROTOCOL.md §2, §8): `get user -c EMAIL` creates a service
// account whose private key stays here, and `get user -l` names a temporary token of the user.
import { cliJsonFor, createServiceAccount, createTokenAccount, isServiceAccount, type CliJson } from './auth';
import type { ClientConnection } from './connection';
import type { ServerState } from './state';

/** Where the client reached us: the Host header's name and port, else the listening port. */
function reachedAt(state: ServerState, connection: ClientConnection): { host: string; port: number } {
  const port = /:(\d{1,5})$/.exec(connection.hostHeader)?.[1];
  return { host: connection.host, port: port !== undefined ? Number(port) : state.port };
}

/** A fresh P-521 service account of the connection's user (same world, same mirror); only its public half leaves. */
export async function createServiceAccountFor(state: ServerState, connection: ClientConnection): Promise<CliJson> {
  const account = await createServiceAccount(connection.user);
  await state.authenticator.add(account);
  state.accounts.push(account);
  state.settings.log(`service account created for ${connection.user}`);
  const { host, port } = reachedAt(state, connection);
  return cliJsonFor(account, host, port);
}

/**
 * The user's temporary-token configuration. A user without a token account (signed in with a
 * service account only) gets one minted now, kept for later calls (docs/DECISIONS.md).
 */
export async function temporaryTokenFor(
  state: ServerState,
  connection: ClientConnection,
): Promise<{ qbo_port: number; qbo_host: string; qbo_uid: string }> {
  let token = state.accounts.find((account) => !isServiceAccount(account) && account.user === connection.user);
  if (!token || isServiceAccount(token)) {
    const minted = createTokenAccount(connection.user);
    await state.authenticator.add(minted);
    state.accounts.push(minted);
    token = minted;
  }
  const { host, port } = reachedAt(state, connection);
  return { qbo_port: port, qbo_host: host, qbo_uid: token.token };
}
