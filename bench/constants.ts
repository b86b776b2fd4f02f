// Shared by the emulator host and the measurements, without loading the emulator itself.

/** The `pods1000` world: one cluster, one node, 1,000 pods on that node. */
export const BIG_CLUSTER = 'big';
export const BIG_NODE = 'worker-1';
export const BIG_NODE_PODS = 1000;

/** The session's (and the extension's, see SessionManager) inventory coalescing window. */
export const SESSION_COALESCE_MS = 10;

/** The two profiles of the two-profile figures: the large world's and the small world's. */
export const LARGE_PROFILE = 'large';
export const SMALL_PROFILE = 'small';
