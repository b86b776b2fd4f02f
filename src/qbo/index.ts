// The qbo protocol library: messages, commands, credentials, connection, requests, inventory.
// Nothing here imports `vscode` (enforced by lint and by a unit test).
export * from './messages';
export * from './domain';
export * from './commandLine';
export * from './commands';
export * from './addressing';
export * from './credentials';
export * from './connection';
export * from './client';
export * from './inventory';
export * from './events';
export * from './redact';
