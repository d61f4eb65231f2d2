/** How big and how long each scenario runs: `full` by default, `--quick` in about a minute, `--smoke` in seconds. */
export interface SendProfile {
  senders: number;
  conversations: number;
  subscribersPerConversation: number;
  warmupMs: number;
  maxLoadMs: number;
  halfLoadMs: number;
  /** Longest wait at the end for frames still on their way before counting what never arrived. */
  settleMs: number;
}

export interface FanoutProfile {
  sockets: number;
  /** Users the sockets belong to (several sockets each, as a user with many tabs and devices). */
  users: number;
  /** Messages sent but not yet delivered to every socket, at most. */
  window: number;
  warmupMs: number;
  durationMs: number;
}

export interface HistoryProfile {
  messages: number;
  conversations: number;
  requests: number;
}

export interface ReplayProfile {
  events: number;
  /** A smaller log, to show whether peak memory grows with the size of the log. */
  smallEvents: number;
}

export interface SearchProfile {
  messages: number;
  conversations: number;
  /** How many of the conversations the searching user takes part in. */
  memberOf: number;
  requests: number;
}

export interface Profile {
  name: 'full' | 'quick' | 'smoke';
  send: SendProfile;
  fanout: FanoutProfile;
  history: HistoryProfile;
  replay: ReplayProfile;
  search: SearchProfile;
}

export const FULL: Profile = {
  name: 'full',
  send: {
    senders: 50,
    conversations: 10,
    subscribersPerConversation: 5,
    warmupMs: 2000,
    maxLoadMs: 15_000,
    halfLoadMs: 15_000,
    settleMs: 5000,
  },
  fanout: { sockets: 1000, users: 10, window: 8, warmupMs: 2000, durationMs: 15_000 },
  history: { messages: 100_000, conversations: 1000, requests: 3000 },
  replay: { events: 1_000_000, smallEvents: 250_000 },
  search: { messages: 1_000_000, conversations: 1000, memberOf: 50, requests: 3000 },
};

export const QUICK: Profile = {
  name: 'quick',
  send: {
    senders: 50,
    conversations: 10,
    subscribersPerConversation: 3,
    warmupMs: 1000,
    maxLoadMs: 4000,
    halfLoadMs: 4000,
    settleMs: 3000,
  },
  fanout: { sockets: 250, users: 5, window: 8, warmupMs: 1000, durationMs: 4000 },
  history: { messages: 10_000, conversations: 1000, requests: 500 },
  replay: { events: 100_000, smallEvents: 25_000 },
  search: { messages: 100_000, conversations: 1000, memberOf: 50, requests: 500 },
};

/** Enough to prove every part runs (the integration test uses it), far too short to mean anything. */
export const SMOKE: Profile = {
  name: 'smoke',
  send: {
    senders: 4,
    conversations: 2,
    subscribersPerConversation: 2,
    warmupMs: 200,
    maxLoadMs: 1000,
    halfLoadMs: 1000,
    settleMs: 3000,
  },
  fanout: { sockets: 20, users: 2, window: 2, warmupMs: 200, durationMs: 1000 },
  history: { messages: 500, conversations: 20, requests: 50 },
  replay: { events: 5000, smallEvents: 2000 },
  search: { messages: 2000, conversations: 20, memberOf: 5, requests: 50 },
};
