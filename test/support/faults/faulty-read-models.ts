import type {
  ConversationKey,
  ConversationPage,
  ConversationView,
  MessagePage,
  ParticipantView,
  PinView,
  PresenceView,
  ReadModels,
  ReportView,
  SearchPage,
  SearchRequest,
} from '../../../src/readmodels/port';
import type { FaultPlan } from './fault-plan';

/** The query side of the read models, forwarding to a real one under a fault plan. */
export class FaultyReadModels implements ReadModels {
  constructor(
    readonly inner: ReadModels,
    readonly plan: FaultPlan,
  ) {}

  messages(
    conversationId: string,
    options: { beforeSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    return this.plan.run('readModels', 'messages', () => this.inner.messages(conversationId, options));
  }

  replies(
    conversationId: string,
    parentSeq: number,
    options: { afterSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    return this.plan.run('readModels', 'replies', () =>
      this.inner.replies(conversationId, parentSeq, options),
    );
  }

  pins(conversationId: string, viewer?: string): Promise<PinView[]> {
    return this.plan.run('readModels', 'pins', () => this.inner.pins(conversationId, viewer));
  }

  search(userId: string, request: SearchRequest): Promise<SearchPage> {
    return this.plan.run('readModels', 'search', () => this.inner.search(userId, request));
  }

  conversationsOf(
    userId: string,
    page: { before?: ConversationKey; limit: number },
  ): Promise<ConversationPage> {
    return this.plan.run('readModels', 'conversationsOf', () => this.inner.conversationsOf(userId, page));
  }

  conversationIdsOf(userId: string): Promise<string[]> {
    return this.plan.run('readModels', 'conversationIdsOf', () => this.inner.conversationIdsOf(userId));
  }

  conversationOf(userId: string, conversationId: string): Promise<ConversationView | undefined> {
    return this.plan.run('readModels', 'conversationOf', () =>
      this.inner.conversationOf(userId, conversationId),
    );
  }

  participants(conversationId: string): Promise<ParticipantView[]> {
    return this.plan.run('readModels', 'participants', () => this.inner.participants(conversationId));
  }

  isParticipant(conversationId: string, userId: string): Promise<boolean> {
    return this.plan.run('readModels', 'isParticipant', () =>
      this.inner.isParticipant(conversationId, userId),
    );
  }

  onlineUsers(): Promise<PresenceView[]> {
    return this.plan.run('readModels', 'onlineUsers', () => this.inner.onlineUsers());
  }

  presenceOf(userId: string): Promise<PresenceView | undefined> {
    return this.plan.run('readModels', 'presenceOf', () => this.inner.presenceOf(userId));
  }

  directConversation(a: string, b: string): Promise<string | undefined> {
    return this.plan.run('readModels', 'directConversation', () => this.inner.directConversation(a, b));
  }

  reports(query: { status?: 'open' | 'resolved'; limit: number }): Promise<ReportView[]> {
    return this.plan.run('readModels', 'reports', () => this.inner.reports(query));
  }

  attachmentVisibleTo(attachmentId: string, userId: string): Promise<boolean> {
    return this.plan.run('readModels', 'attachmentVisibleTo', () =>
      this.inner.attachmentVisibleTo(attachmentId, userId),
    );
  }

  attachmentReferenced(attachmentId: string): Promise<boolean> {
    return this.plan.run('readModels', 'attachmentReferenced', () =>
      this.inner.attachmentReferenced(attachmentId),
    );
  }
}
