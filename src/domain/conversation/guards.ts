import { ConversationArchived, NotAllowedInDirectConversation, NotAnAdmin } from '../errors';
import type { ConversationState, Participant } from './state';

/** Refuses unless the conversation is a group and the actor one of its admins. */
export function groupAdmin(state: ConversationState, actor: Participant): void {
  if (state.conversationType === 'direct') {
    throw new NotAllowedInDirectConversation('a direct conversation has no admins and fixed participants');
  }
  if (actor.role !== 'admin') throw new NotAnAdmin('only an admin can do this');
}

export function refuseWhenArchived(state: ConversationState): void {
  if (state.status === 'archived') throw new ConversationArchived('the conversation is archived');
}
