// A bot on the client package: it answers `/echo <text>` with <text> in every conversation it is in.
//
//   CHAT_URL=http://localhost:8000 CHAT_TOKEN=$(npm run --silent token -- echo-bot "Echo bot") \
//     node examples/echo-bot.mjs
//
// Add the user `echo-bot` to a conversation and write `/echo hello`.
import { ChatClient } from '@chat-backend/client';
import WebSocket from 'ws';

const token = process.env.CHAT_TOKEN;
if (!token) {
  console.error('set CHAT_TOKEN to the bot user\'s token (npm run --silent token -- echo-bot "Echo bot")');
  process.exit(2);
}
const chat = new ChatClient({ baseUrl: process.env.CHAT_URL ?? 'http://localhost:8000', token, WebSocket });
const me = chat.userId;

chat.on('state', (state) => console.log(`echo-bot: ${state}`));
chat.on('message', async ({ conversation_id, message }) => {
  const command = /^\/echo\s+([\s\S]+)$/.exec(message.content);
  if (message.user_id === me || !command) return;
  try {
    // Keyed by the message answered: after a reconnect that replays it, the server makes no second answer.
    await chat.sendMessage({
      conversation_id,
      content: command[1],
      reply_to_id: message.id,
      client_message_id: `echo-${message.id}`,
    });
  } catch (error) {
    console.error(`echo-bot: could not answer ${message.id}: ${error.message}`);
  }
});

chat.connect();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    chat.close();
    process.exit(0);
  });
}
