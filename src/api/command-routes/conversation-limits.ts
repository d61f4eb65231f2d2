import type { ConversationLimits } from '../../commands/conversation-handlers';
import type { AbuseLimits } from '../../limits/user-limits';

/**
 * The limits a request that may create a conversation runs under (creating a group, or a first
 * direct message): the participant cap, and the caller's conversations-per-minute, counted only when
 * the decision does create one.
 */
export function creationLimits(limits: AbuseLimits, userId: string): ConversationLimits {
  return {
    maxParticipants: limits.maxParticipants,
    admitNewConversation: () => limits.conversations.admit(userId),
  };
}
