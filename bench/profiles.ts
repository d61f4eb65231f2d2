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

export interface ScaleProfile {
  conversations: number;
  /** Sockets of each conversation, each of its own user: the conversation's participants. */
  socketsPerConversation: number;
  /** Messages sent but not yet delivered to every socket of their conversation, at most, over all senders. */
  window: number;
  /**
   * How long the open sockets stay idle before the server's memory is read. The server gives back the
   * memory of the connecting phase only after tens of seconds of quiet (measured at 2,000 sockets:
   * 34 KB per socket after 3 s and 33 s, 18 KB after 43 s, 13 KB after 63 s).
   */
  idleMs: number;
  warmupMs: number;
  durationMs: number;
}

export interface RestartProfile {
  events: number;
}

export interface ClusterProfile {
  senders: number;
  conversations: number;
  subscribersPerConversation: number;
  warmupMs: number;
  durationMs: number;
  /** Longest wait at the end of each phase for frames still on their way before counting what never arrived. */
  settleMs: number;
}

export interface SearchProfile {
  messages: number;
  conversations: number;
  /** How many of the conversations the searching user takes part in. */
  memberOf: number;
  requests: number;
}

export interface PrivacyProfile {
  /** Events in each of the two logs rebuilt (one written encrypted, one plain). */
  events: number;
  senders: number;
  conversations: number;
  warmupMs: number;
  durationMs: number;
}

export interface Profile {
  name: 'full' | 'quick' | 'smoke';
  send: SendProfile;
  fanout: FanoutProfile;
  history: HistoryProfile;
  replay: ReplayProfile;
  scale: ScaleProfile;
  restart: RestartProfile;
  cluster: ClusterProfile;
  search: SearchProfile;
  privacy: PrivacyProfile;
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
  scale: {
    conversations: 100,
    socketsPerConversation: 100,
    window: 32,
    idleMs: 60_000,
    warmupMs: 2000,
    durationMs: 15_000,
  },
  restart: { events: 1_000_000 },
  cluster: {
    senders: 50,
    conversations: 10,
    subscribersPerConversation: 5,
    warmupMs: 2000,
    durationMs: 15_000,
    settleMs: 5000,
  },
  search: { messages: 1_000_000, conversations: 1000, memberOf: 50, requests: 3000 },
  privacy: { events: 250_000, senders: 50, conversations: 10, warmupMs: 2000, durationMs: 10_000 },
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
  scale: {
    conversations: 20,
    socketsPerConversation: 50,
    window: 16,
    idleMs: 20_000,
    warmupMs: 1000,
    durationMs: 4000,
  },
  restart: { events: 100_000 },
  cluster: {
    senders: 50,
    conversations: 10,
    subscribersPerConversation: 3,
    warmupMs: 1000,
    durationMs: 4000,
    settleMs: 3000,
  },
  search: { messages: 100_000, conversations: 1000, memberOf: 50, requests: 500 },
  privacy: { events: 50_000, senders: 50, conversations: 10, warmupMs: 1000, durationMs: 4000 },
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
  scale: {
    conversations: 3,
    socketsPerConversation: 4,
    window: 2,
    idleMs: 200,
    warmupMs: 200,
    durationMs: 1000,
  },
  restart: { events: 5000 },
  cluster: {
    senders: 4,
    conversations: 2,
    subscribersPerConversation: 2,
    warmupMs: 200,
    durationMs: 1000,
    settleMs: 3000,
  },
  search: { messages: 2000, conversations: 20, memberOf: 5, requests: 50 },
  privacy: { events: 2000, senders: 4, conversations: 2, warmupMs: 200, durationMs: 1000 },
};
