import { decide, MAX_ATTACHMENTS } from '../../../src/domain/conversation/decide';
import type { ConversationEvent, MessageAttachment } from '../../../src/domain/conversation/events';
import { initialConversationState } from '../../../src/domain/conversation/state';
import { EmptyContent, InvalidAttachments } from '../../../src/domain/errors';
import { messageId } from '../../../src/domain/ids';
import { CONVERSATION, command, event, group } from './conversation-fixtures';
import { given } from './given-when-then';

const file = (n: number, media_type = 'image/png'): MessageAttachment => ({
  id: `upload-${n}`,
  name: `file ${n}`,
  size: 100 + n,
  media_type,
  sha256: 'a'.repeat(64),
  ...(media_type === 'image/png' && { width: 3, height: 2 }),
});

function sendWith(message_type: 'text' | 'image' | 'file', attachments: MessageAttachment[], content = '') {
  const send = command.send('bob', content);
  return { ...send, message_type, attachments };
}

function sentWith(
  message_type: 'image' | 'file',
  attachments: MessageAttachment[],
  content = '',
): ConversationEvent {
  const sent = event.sent(1, 'bob', { content });
  if (sent.type !== 'MessageSent') throw new Error('a send');
  return {
    ...sent,
    data: { ...sent.data, message_type, attachments, message_id: messageId(CONVERSATION, 1) },
  };
}

describe('SendMessage with attachments', () => {
  const history = group('alice', 'bob');

  it('records the attachments of an image or file message, in order, with a blank caption allowed', () => {
    given(history)
      .when(sendWith('image', [file(2), file(1)]))
      .then([sentWith('image', [file(2), file(1)])]);
    given(history)
      .when(sendWith('file', [file(1, 'application/pdf')], 'the report'))
      .then([sentWith('file', [file(1, 'application/pdf')], 'the report')]);
  });

  it('leaves attachments out of a message without any (old events stay as they were)', () => {
    given(history)
      .when(command.send('bob', 'hi'))
      .then([event.sent(1, 'bob', { content: 'hi' })]);
  });

  it('still refuses a blank message without attachments', () => {
    given(history)
      .when(sendWith('file', [], ' '))
      .thenThrows(EmptyContent);
  });

  it('refuses attachments on a text message, a non-image in an image message, too many, and repeats', () => {
    given(history)
      .when(sendWith('text', [file(1)]))
      .thenThrows(InvalidAttachments);
    given(history)
      .when(sendWith('image', [file(1), file(2, 'text/html')]))
      .thenThrows(InvalidAttachments);
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, n) => file(n));
    given(history).when(sendWith('file', many)).thenThrows(InvalidAttachments);
    given(history)
      .when(sendWith('file', many.slice(0, MAX_ATTACHMENTS)))
      .then([sentWith('file', many.slice(0, MAX_ATTACHMENTS))]);
    given(history)
      .when(sendWith('file', [file(1), file(1)]))
      .thenThrows(InvalidAttachments);
  });

  it('keeps attachments on a direct message that opens the conversation', () => {
    const { reply_to_id: _, ...send } = command.send('alice', '');
    const events = decide(
      {
        ...send,
        type: 'SendDirectMessage',
        conversation_id: CONVERSATION,
        recipient_id: 'bob',
        message_type: 'file',
        attachments: [file(1, 'application/zip')],
      },
      initialConversationState(),
    );
    const sent = events.at(-1);
    expect(sent?.type === 'MessageSent' && sent.data.attachments).toEqual([file(1, 'application/zip')]);
  });
});
