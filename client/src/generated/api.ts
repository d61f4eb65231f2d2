// Generated from the server's OpenAPI document by client/scripts/generate-api-types.mjs.
// Do not edit: run `npm run build` (a test fails while this file differs from the server).
export interface paths {
    "/api/v1/audit/conversations/{conversation_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every event of a conversation in log order, with the original content of edited and deleted messages. Paged by position (`after`, exclusive; header X-Next-After when more). With `Accept: application/x-ndjson` or `format=ndjson`, streams every event as NDJSON. */
        get: operations["auditConversationEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/conversations/{conversation_id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Time travel: the conversation as it stood at an instant (`as_of`, by the events’ own timestamps) or at a position (inclusive): participants, messages with the content they had then, unread counts. */
        get: operations["auditConversationState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/messages/{message_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of one message: as sent, each edit and the deletion, with who and when. */
        get: operations["auditMessageHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook endpoints that receive a signed POST for every message sent: those of WEBHOOK_URLS (`source: config`), then those registered here (`source: api`). See docs/webhooks.md. */
        get: operations["listWebhooks"];
        put?: never;
        /** Registers an endpoint: it receives every message sent from now on. A URL already registered (or configured) is answered 200 with its entry, so a retried request registers nothing twice. */
        post: operations["registerWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/admin/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Removes a registered endpoint: deliveries to it stop within about a second (one in flight may still arrive). Endpoints of WEBHOOK_URLS are removed from the configuration instead. */
        delete: operations["unregisterWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a file for an image or file message (at most ATTACHMENT_MAX_BYTES, 10 MiB by default): a multipart/form-data body with a `file` part, or the raw bytes with their Content-Type and `?filename=`. Answers the id that `attachment_ids` names. An upload no message carries is removed after ATTACHMENT_GRACE_HOURS (24 by default). */
        post: operations["uploadAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/attachments/{attachment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The file, under its recorded Content-Type (never sniffed): inline for PNG, JPEG, GIF and WebP images, a download for everything else (HTML and SVG included). Yours, or carried by a message you can see. */
        get: operations["getAttachment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your conversations, most recently active first, with unread counts and the last message; `limit` per page (1 to 200, default 50), `before` pages on. Header X-Next-Before when more follow. */
        get: operations["listConversations"];
        put?: never;
        /** Create a group conversation, or open the direct conversation with one other user */
        post: operations["createConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your conversations, with its unread count */
        get: operations["getConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename or describe a group conversation (admins) */
        patch: operations["updateConversation"];
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a group conversation: it accepts no more messages (admins) */
        post: operations["archiveConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Message history, newest first; `before_id` (exclusive) pages back. Headers: X-Next-Before-Id when older messages exist, X-Consistency-Token for the position the page reflects. */
        get: operations["listMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Participants with their role and read receipts (last message read) */
        get: operations["listParticipants"];
        put?: never;
        /** Add a participant (admins). Unknown user ids are accepted: users are known by their tokens. */
        post: operations["addParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/participants/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a participant (admins), or leave (yourself; the last admin names a successor_id) */
        delete: operations["removeParticipant"];
        options?: never;
        head?: never;
        /** Change a participant's role (admins) or mute the conversation for yourself */
        patch: operations["changeParticipant"];
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/participants/{user_id}/ban": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ban a user (admins of a group): a participant is removed (their sockets close) and nobody can add them back until unbanned (409 `user_banned`). A user not taking part can be banned too. Banning again changes nothing. */
        post: operations["banParticipant"];
        /** Unban a user (admins): they can be added again. Unbanning someone not banned changes nothing. */
        delete: operations["unbanParticipant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/participants/{user_id}/timeout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Time a member out (admins of a group): until then they cannot send, edit, react, pin or type here (403 `timed_out`). Timing out again sets a new end. */
        post: operations["timeoutParticipant"];
        /** Lift a member's timeout (admins). Lifting when none runs changes nothing. */
        delete: operations["liftTimeout"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/pins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pinned messages, the most recently pinned first, with who pinned each and when */
        get: operations["listPins"];
        put?: never;
        /** Pin a message of the conversation (admins; both members of a direct conversation). Pinning it again changes nothing; at most 50 pinned messages. */
        post: operations["pinMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/pins/{message_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unpin a message (admins; both members of a direct conversation). Unpinning one that is not pinned changes nothing. */
        delete: operations["unpinMessage"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark the conversation read, up to its latest message or up to message_id */
        post: operations["markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/direct": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a direct message; the conversation of the pair is created on first use */
        post: operations["sendDirectMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who you are: your user id, display name and avatar (the token's claims, else your recorded profile) and roles */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message. Retries with the same Idempotency-Key (or client_message_id) create one message. */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Edit your own message */
        put: operations["editMessage"];
        post?: never;
        /** Delete a message (its author or an admin). The message keeps its place, without content. */
        delete: operations["deleteMessage"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/forward": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Forward a message you can see into another conversation you take part in: a new message with its current content and `forwarded_from`. Keyed and limited like a send. */
        post: operations["forwardMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/reactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** React to a message (participants). Reacting again with the same emoji changes nothing. A message carries at most 20 different emojis. */
        post: operations["addReaction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/reactions/{emoji}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take back your reaction (the emoji URL-encoded in the path). Removing one you do not have changes nothing. */
        delete: operations["removeReaction"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The thread of a message: messages sent with it as reply_to_id, oldest first; `after_id` (exclusive) pages on. Header X-Next-After-Id when more follow. */
        get: operations["listReplies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a message you can see to the moderators, with a reason. One report per user and message: reporting it again changes nothing (200). */
        post: operations["reportMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/messages/{message_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of a message (as sent, then each edit), oldest first, for its participants. A deleted message shows none of its earlier content: `deleted: true` and no versions. */
        get: operations["listMessageVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/moderation/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reports (moderator role), oldest first, with the reported message as it is now and its conversation: `status` open (default), resolved or all; `limit` 1 to 200 (default 50). */
        get: operations["listReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/moderation/reports/{report_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve a report (moderator role): `dismissed`, or `message_deleted`, which deletes the message as a moderator action. Resolving the same way again changes nothing. */
        post: operations["resolveReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set your status (online, away, busy, offline) and status message */
        post: operations["setPresence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages of your conversations (as of now) containing every word of `q`, newest first, with highlight offsets; `conversation_id` searches one conversation; `limit` per page (1 to 100, default 20), `before` pages on. Edited messages are found by their current content, deleted ones never. Header X-Next-Before when more follow. */
        get: operations["searchMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Say that you are typing (or stopped). Ephemeral: never stored in history. */
        post: operations["setTyping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/users/{user_id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a user: no direct messages either way, they cannot add you to groups, and your sockets get no typing or presence from them. Blocking again changes nothing. */
        post: operations["blockUser"];
        /** Lift your block of a user. Unblocking someone you do not block changes nothing. */
        delete: operations["unblockUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/users/{user_id}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Erase a user's personal data (message content, names, avatars, status messages) by deleting their data key, and record that it happened. By the user themself or a caller with the privacy_officer or operator role. Idempotent: repeating it answers 200 again with `already_erased`. */
        post: operations["eraseUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/users/blocked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users you block, longest blocked first (read from your own stream: current at once) */
        get: operations["listBlockedUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/users/online": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users connected over WebSocket (on any node) or whose chosen status is online, away or busy */
        get: operations["listOnlineUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    auditConversationEvents: {
        parameters: {
            query?: {
                /** @description exclusive: only events after this position */
                after?: string;
                /** @description ndjson streams every event (after `after`), one JSON object per line; so does Accept: application/x-ndjson */
                format?: "json" | "ndjson";
                limit?: number;
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description events (JSON array, or NDJSON lines) */
            200: {
                headers: {
                    /** @description the `after` of the next page; absent on the last page */
                    "X-Next-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            [key: string]: unknown;
                        };
                        event_id: string;
                        position: string;
                        recorded_at: string;
                        revision: number;
                        type: string;
                    }[];
                    "application/x-ndjson": {
                        data: {
                            [key: string]: unknown;
                        };
                        event_id: string;
                        position: string;
                        recorded_at: string;
                        revision: number;
                        type: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the auditor role (code `auditor_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    auditConversationState: {
        parameters: {
            query: {
                when: {
                    /**
                     * Format: date-time
                     * @description an instant (ISO-8601)
                     */
                    as_of?: string;
                    /** @description a position of this conversation (inclusive) */
                    position?: string;
                } & (unknown | unknown);
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the conversation then */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        as_of: string | null;
                        banned: {
                            banned_at: string;
                            banned_by: string;
                            reason: string | null;
                            user_id: string;
                        }[];
                        conversation: {
                            [key: string]: unknown;
                        } | null;
                        event_count: number;
                        messages: {
                            [key: string]: unknown;
                        }[];
                        participants: {
                            is_muted: boolean;
                            last_read_seq: number;
                            role: string;
                            timed_out_until: string | null;
                            user_id: string;
                        }[];
                        position: string | null;
                        unread: {
                            count: number;
                            user_id: string;
                        }[];
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the auditor role (code `auditor_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    auditMessageHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the versions, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        versions: {
                            at: string;
                            by: string;
                            content?: string;
                            /** @enum {string} */
                            kind: "sent" | "edited" | "deleted";
                            position: string;
                            recorded_at: string;
                            username?: string;
                            version?: number;
                        }[];
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the auditor role (code `auditor_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description endpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        registered_at: string | null;
                        registered_by: string | null;
                        /** @enum {string} */
                        source: "config" | "api";
                        url: string;
                    }[];
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the operator role (code `operator_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    registerWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description an http(s) URL that accepts POSTs of JSON
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description the URL was registered or configured already */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        registered_at: string | null;
                        registered_by: string | null;
                        /** @enum {string} */
                        source: "config" | "api";
                        url: string;
                    };
                };
            };
            /** @description registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        registered_at: string | null;
                        registered_by: string | null;
                        /** @enum {string} */
                        source: "config" | "api";
                        url: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the operator role (code `operator_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many endpoints registered (code `too_many_webhooks`), webhooks are off because the server has no WEBHOOK_SECRET (code `webhooks_disabled`), or too many concurrent registrations (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    unregisterWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the entry removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        registered_at: string | null;
                        registered_by: string | null;
                        /** @enum {string} */
                        source: "config" | "api";
                        url: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the operator role (code `operator_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description no endpoint has this id (code `webhook_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the endpoint comes from WEBHOOK_URLS (code `configured_webhook`), or too many concurrent changes (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    uploadAttachment: {
        parameters: {
            query?: {
                /** @description the file name, for a raw (non-multipart) body */
                filename?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description multipart/form-data with a `file` part (its Content-Type and file name are recorded), or the raw bytes under their own Content-Type */
        requestBody: {
            content: {
                "*/*": string;
                "application/octet-stream": string;
                "multipart/form-data": {
                    file: string;
                };
            };
        };
        responses: {
            /** @description stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attachment_id: string;
                        /** @description the name as recorded: the last path segment, without control characters, bounded */
                        filename: string;
                        height?: number;
                        media_type: string;
                        sha256: string;
                        size: number;
                        width?: number;
                    };
                };
            };
            /** @description no `file` part, an unreadable form, an empty file (`empty_file`), a media type that is not valid or is a range such as `*\/*` (`invalid_media_type`), or an image whose bytes are not of its declared PNG, JPEG, GIF or WebP type (`media_type_mismatch`); or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the file is larger than ATTACHMENT_MAX_BYTES (code `attachment_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description a compressed body (Content-Encoding): send the file as it is */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description over UPLOADS_PER_MINUTE (code `too_many_uploads`); the body was not read */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    getAttachment: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
            };
            header?: never;
            path: {
                attachment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bytes */
            200: {
                headers: {
                    /** @description `inline` for allowlisted images, else `attachment`; with `filename*=UTF-8''…` */
                    "Content-Disposition"?: string;
                    /** @description the SHA-256 of the bytes, quoted */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description If-None-Match named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown attachment, or one you may not fetch: neither your own upload nor carried by a message (not deleted) of a conversation you take part in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /** @description The X-Next-Before header of the previous page */
                before?: string;
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description conversations */
            200: {
                headers: {
                    /** @description the `before` of the next page; absent on the last page */
                    "X-Next-Before"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url: string | null;
                        /** @enum {string} */
                        conversation_type: "group" | "direct";
                        created_at: string;
                        description: string | null;
                        id: string;
                        is_active: boolean;
                        is_muted: boolean;
                        last_message: {
                            content: string;
                            created_at: string;
                            id: string;
                            is_deleted: boolean;
                            message_type: string;
                            user_id: string;
                            username: string;
                        } | null;
                        last_message_at: string | null;
                        name: string | null;
                        role: string;
                        unread_count: number;
                        updated_at: string;
                        user_id: string;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    createConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    avatar_url?: string | null;
                    /**
                     * @default group
                     * @enum {string}
                     */
                    conversation_type?: "group" | "direct";
                    description?: string | null;
                    name?: string | null;
                    participant_ids?: (string | number)[];
                } | {
                    /** @constant */
                    conversation_type: "direct";
                    participant_ids: (string | number)[];
                } | {
                    /** @constant */
                    conversation_type?: "group";
                    name: string;
                };
            };
        };
        responses: {
            /** @description the direct conversation of this pair already existed */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url: string | null;
                        /** @enum {string} */
                        conversation_type: "group" | "direct";
                        created_at: string;
                        description: string | null;
                        id: string;
                        is_active: boolean;
                        last_message_at: string | null;
                        name: string | null;
                        participants: {
                            conversation_id: string;
                            joined_at: string | null;
                            /** @enum {string} */
                            role: "admin" | "member";
                            user_id: string;
                        }[];
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description created */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url: string | null;
                        /** @enum {string} */
                        conversation_type: "group" | "direct";
                        created_at: string;
                        description: string | null;
                        id: string;
                        is_active: boolean;
                        last_message_at: string | null;
                        name: string | null;
                        participants: {
                            conversation_id: string;
                            joined_at: string | null;
                            /** @enum {string} */
                            role: "admin" | "member";
                            user_id: string;
                        }[];
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input (a direct conversation names exactly one other user, not yourself), or more participants than the cap (code `too_many_participants`); or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `blocked`: a direct conversation of two users one of whom blocks the other, or a group naming a user who blocks you */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many conversations created (code `too_many_conversations`): a group always counts, a direct conversation when it is new */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    getConversation: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description conversation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url: string | null;
                        /** @enum {string} */
                        conversation_type: "group" | "direct";
                        created_at: string;
                        description: string | null;
                        id: string;
                        is_active: boolean;
                        is_muted: boolean;
                        last_message: {
                            content: string;
                            created_at: string;
                            id: string;
                            is_deleted: boolean;
                            message_type: string;
                            user_id: string;
                            username: string;
                        } | null;
                        last_message_at: string | null;
                        name: string | null;
                        role: string;
                        unread_count: number;
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    updateConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    avatar_url?: string | null;
                    description?: string | null;
                    name?: string;
                };
            };
        };
        responses: {
            /** @description updated */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url?: string | null;
                        description?: string | null;
                        id: string;
                        is_active?: boolean;
                        name?: string | null;
                        updated_at: string | null;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin, or a direct conversation */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    archiveConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description archived */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        avatar_url?: string | null;
                        description?: string | null;
                        id: string;
                        is_active?: boolean;
                        name?: string | null;
                        updated_at: string | null;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin, or a direct conversation */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listMessages: {
        parameters: {
            query?: {
                /** @description A message id of this conversation (the X-Next-Before-Id of the previous page), or its sequence number; exclusive. One that names no message of the conversation, whatever its form, is a 404 */
                before_id?: string;
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
                limit?: number;
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description messages */
            200: {
                headers: {
                    /** @description the position of the event log this page reflects */
                    "X-Consistency-Token"?: string;
                    /** @description the `before_id` of the next page; absent on the last page */
                    "X-Next-Before-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant, or a `before_id` of another conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listParticipants: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description participants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        is_muted: boolean;
                        joined_at: string;
                        last_read_at: string | null;
                        last_read_message_id: string | null;
                        role: string;
                        user_avatar: string | null;
                        user_id: string;
                        username: string | null;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    addParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default member
                     * @enum {string}
                     */
                    role?: "admin" | "member";
                    user_id: string | number;
                };
            };
        };
        responses: {
            /** @description already a participant */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        joined_at: string | null;
                        /** @enum {string} */
                        role: "admin" | "member";
                        user_id: string;
                    };
                };
            };
            /** @description added */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        joined_at: string | null;
                        /** @enum {string} */
                        role: "admin" | "member";
                        user_id: string;
                    };
                };
            };
            /** @description invalid input, or the conversation is full (code `too_many_participants`); or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin, or a direct conversation, or (`blocked`) the user blocks you */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or `user_banned`: the user is banned here (unban them first); or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    removeParticipant: {
        parameters: {
            query?: {
                successor_id?: string | number;
            };
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        is_muted?: boolean;
                        removed?: boolean;
                        /** @enum {string} */
                        role?: "admin" | "member";
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin, or a direct conversation */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `last_admin`: the last admin must name a successor_id; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    changeParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    is_muted?: boolean;
                    /** @enum {string} */
                    role?: "admin" | "member";
                } | unknown | unknown;
            };
        };
        responses: {
            /** @description changed */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        is_muted?: boolean;
                        removed?: boolean;
                        /** @enum {string} */
                        role?: "admin" | "member";
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived, or `last_admin`: the last admin cannot step down; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    banParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description kept for admins and auditors */
                    reason?: string | null;
                };
            };
        };
        responses: {
            /** @description the ban */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        banned: boolean;
                        conversation_id: string;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input, or `cannot_moderate_yourself`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin (`not_an_admin`), a direct conversation (`not_allowed_in_direct`), or the user is an admin (`cannot_moderate_admin`): demote them first */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    unbanParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the ban (`banned: false`) */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        banned: boolean;
                        conversation_id: string;
                        user_id: string;
                    };
                };
            };
            /** @description `cannot_moderate_yourself`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin (`not_an_admin`), a direct conversation (`not_allowed_in_direct`), or the user is an admin (`cannot_moderate_admin`): demote them first */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    timeoutParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description how long the timeout lasts from now */
                    duration_seconds?: number;
                    /**
                     * Format: date-time
                     * @description when the timeout ends (ISO-8601, later than now)
                     */
                    until?: string;
                } & (unknown | unknown);
            };
        };
        responses: {
            /** @description the timeout */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        /** @description when the timeout ends; null when none runs */
                        timed_out_until: string | null;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input, or `invalid_timeout`: until is not later than now or more than 365 days ahead; `cannot_moderate_yourself`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin (`not_an_admin`), a direct conversation (`not_allowed_in_direct`), or the user is an admin (`cannot_moderate_admin`): demote them first */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant; or (`participant_not_found`) the user does not take part */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    liftTimeout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the timeout (`timed_out_until: null`) */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        /** @description when the timeout ends; null when none runs */
                        timed_out_until: string | null;
                        user_id: string;
                    };
                };
            };
            /** @description `cannot_moderate_yourself`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin (`not_an_admin`), a direct conversation (`not_allowed_in_direct`), or the user is an admin (`cannot_moderate_admin`): demote them first */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant; or (`participant_not_found`) the user does not take part */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listPins: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
            };
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description pinned messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        message: {
                            /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                            attachments: {
                                /** @description pixels, for PNG, JPEG, GIF and WebP images */
                                height?: number;
                                /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                                id: string;
                                /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                                media_type: string;
                                /** @description the file name as sanitised on upload (a label, never a path) */
                                name: string;
                                /** @description lowercase hex SHA-256 of the bytes */
                                sha256: string;
                                /** @description bytes */
                                size: number;
                                /** @description pixels, for PNG, JPEG, GIF and WebP images */
                                width?: number;
                            }[];
                            client_message_id: string | null;
                            /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                            content: string;
                            conversation_id: string;
                            created_at: string;
                            edited_at: string | null;
                            /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                            forwarded_from: {
                                conversation_id: string;
                                message_id: string;
                                user_id: string;
                            } | null;
                            id: string;
                            is_deleted: boolean;
                            is_edited: boolean;
                            /** @description a copy forwarded from another message */
                            is_forwarded: boolean;
                            /** @description created_at of the latest reply; null without replies */
                            last_reply_at: string | null;
                            /** @enum {string} */
                            message_type: "text" | "image" | "file" | "system";
                            /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                            reactions: {
                                count: number;
                                emoji: string;
                                /** @description whether you reacted with it */
                                me: boolean;
                            }[];
                            /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                            reply_count: number;
                            reply_to_id: string | null;
                            user_avatar: string | null;
                            user_id: string;
                            username: string;
                        };
                        pinned_at: string;
                        pinned_by: string;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    pinMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                    message_id: string | number;
                };
            };
        };
        responses: {
            /** @description the pin */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        pinned: boolean;
                        pinned_at: string | null;
                        pinned_by: string | null;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin of the group (`not_an_admin`), or `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant, or a message_id that names no message of this conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `message_deleted`: the message was deleted; `too_many_pins`: 50 messages are pinned already; or `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    unpinMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the pin (`pinned: false`) */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        pinned: boolean;
                        pinned_at: string | null;
                        pinned_by: string | null;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not an admin of the group (`not_an_admin`), or `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation, or the caller is not a participant, or a message_id that names no message of this conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    message_id?: (string | number) | null;
                };
            };
        };
        responses: {
            /** @description read */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        last_read_at: string | null;
                        last_read_message_id: string | null;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    sendDirectMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ids from POST /api/v1/chat/attachments, uploaded by you; only with message_type `image` (images only) or `file`; at most 10, each once */
                    attachment_ids?: string[];
                    client_message_id?: string | null;
                    /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Required and not blank (400) unless the message carries `attachment_ids` (then it is an optional caption); at most 10,000 characters (413). */
                    content?: string;
                    /**
                     * @default text
                     * @enum {string}
                     */
                    message_type?: "text" | "image" | "file" | "system";
                    recipient_user_id: string | number;
                } | {
                    content: string;
                } | {
                    attachment_ids: unknown[];
                    /** @enum {unknown} */
                    message_type: "image" | "file";
                };
            };
        };
        responses: {
            /** @description sent */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description invalid input, or a message to yourself (code `cannot_message_yourself`); or attachments on a message that is not `image` or `file`, a non-image in an `image` message, more than 10 or one named twice (code `invalid_attachments`); or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `blocked`: one of you blocks the other; or `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description an attachment id that names no upload of yours (code `attachment_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description content longer than 10,000 characters; or the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description idempotency key reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description over the per-user send rate (`rate_limited`), or a first message to a new recipient over the new-conversation rate (`too_many_conversations`); nothing was written */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        roles: string[];
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    sendMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description ids from POST /api/v1/chat/attachments, uploaded by you; only with message_type `image` (images only) or `file`; at most 10, each once */
                    attachment_ids?: string[];
                    client_message_id?: string | null;
                    /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Required and not blank (400) unless the message carries `attachment_ids` (then it is an optional caption); at most 10,000 characters (413). */
                    content?: string;
                    conversation_id: string | number;
                    /**
                     * @default text
                     * @enum {string}
                     */
                    message_type?: "text" | "image" | "file" | "system";
                    reply_to_id?: (string | number) | null;
                } | {
                    content: string;
                } | {
                    attachment_ids: unknown[];
                    /** @enum {unknown} */
                    message_type: "image" | "file";
                };
            };
        };
        responses: {
            /** @description sent (or the original message, for a retried key) */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description attachments on a message that is not `image` or `file`, a non-image in an `image` message, more than 10 or one named twice (code `invalid_attachments`); or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `timed_out`: an admin timed you out here (`until` says until when); or `blocked`: you or the other member of this direct conversation blocks the other */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant; or an attachment id that names no upload of yours (code `attachment_not_found`) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description content longer than 10,000 characters; or the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description idempotency key reused with a different body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description over the per-user send rate (code `rate_limited`); nothing was written */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    editMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                    content: string;
                };
            };
        };
        responses: {
            /** @description edited */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        edited_at: string;
                        id: string;
                        /** @constant */
                        is_edited: true;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not the author, or `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `message_deleted`: the message was deleted, or `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description content longer than 10,000 characters; or the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    deleteMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        deleted_at: string | null;
                        deleted_by: string | null;
                        id: string;
                        /** @constant */
                        is_deleted: true;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description not the author or an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    forwardMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    client_message_id?: string | null;
                    conversation_id: string | number;
                };
            };
        };
        responses: {
            /** @description the copy (or the original copy, for a retried key) */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `timed_out`: an admin timed you out here (`until` says until when) in the target; or `blocked`: you or the other member of this direct conversation blocks the other */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown message, or one you cannot see; unknown target conversation, or one you are not part of */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `message_deleted`: the message was deleted; `nothing_to_forward`: its author was erased, so it has no content left; or the target's `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description idempotency key reused with a different body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description over the per-user send rate (code `rate_limited`); nothing was written */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    addReaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one emoji (a single grapheme cluster with a pictograph, regional indicators or a keycap) or a :short_code: (lowercase letters, digits, _ + -, 1 to 32 between the colons); anything else is a 400 (`invalid_request`) */
                    emoji: string;
                };
            };
        };
        responses: {
            /** @description the message's reactions now */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `message_deleted`: the message was deleted; `too_many_reactions`: the message has 20 different emojis and this is another; or `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    removeReaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description one emoji (a single grapheme cluster with a pictograph, regional indicators or a keycap) or a :short_code: (lowercase letters, digits, _ + -, 1 to 32 between the colons); anything else is a 400 (`invalid_request`) */
                emoji: string;
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the message's reactions now */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `timed_out`: an admin timed you out here (`until` says until when) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `conversation_archived`: the conversation is archived; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listReplies: {
        parameters: {
            query?: {
                /** @description The X-Next-After-Id of the previous page: a message id of this conversation, or its sequence number; exclusive */
                after_id?: string;
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description replies */
            200: {
                headers: {
                    /** @description the position of the event log this page reflects */
                    "X-Consistency-Token"?: string;
                    /** @description the `after_id` of the next page; absent on the last page */
                    "X-Next-After-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown message, or the caller is not a participant of its conversation, or an `after_id` that names no message of it */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    reportMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description why the message is reported (not only spaces) */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description reported already: the report as it stands */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        report_id: string;
                        reported_at: string;
                        /** @enum {string} */
                        status: "open" | "resolved";
                    };
                };
            };
            /** @description reported */
            201: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        message_id: string;
                        report_id: string;
                        reported_at: string;
                        /** @enum {string} */
                        status: "open" | "resolved";
                    };
                };
            };
            /** @description invalid input, `invalid_reason`, or `cannot_report_own_message`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `message_deleted`: the message was deleted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listMessageVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404 */
                message_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        /** @description a deleted message shows no earlier content: `versions` is then empty */
                        deleted: boolean;
                        message_id: string;
                        versions: {
                            /** @description when this version was written: the send, then each edit */
                            at: string;
                            content: string;
                            version: number;
                        }[];
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown message, or the caller is not a participant of its conversation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listReports: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects it */
                consistency_token?: string;
                limit?: number;
                status?: "open" | "resolved" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description reports */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        /** @description the reported message as history has it now; null until history has it */
                        message: {
                            /** @description as it is now: empty once deleted */
                            content: string;
                            created_at: string;
                            id: string;
                            is_deleted: boolean;
                            is_edited: boolean;
                            message_type: string;
                            user_id: string;
                            username: string;
                        } | null;
                        message_id: string;
                        note: string | null;
                        outcome: ("dismissed" | "message_deleted") | null;
                        reason: string;
                        report_id: string;
                        reported_at: string;
                        reported_by: string;
                        resolved_at: string | null;
                        resolved_by: string | null;
                        /** @enum {string} */
                        status: "open" | "resolved";
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the moderator role (code `moderator_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    resolveReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                report_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string | null;
                    /**
                     * @description `message_deleted` deletes the message as a moderator action
                     * @enum {string}
                     */
                    outcome: "dismissed" | "message_deleted";
                };
            };
        };
        responses: {
            /** @description resolved */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description whether this request deleted the message */
                        message_deleted: boolean;
                        /** @enum {string} */
                        outcome: "dismissed" | "message_deleted";
                        report_id: string;
                        resolved_at: string;
                        resolved_by: string;
                        /** @constant */
                        status: "resolved";
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the caller does not hold the moderator role (code `moderator_role_required`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `report_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `report_resolved`: resolved already with another outcome; or too many concurrent writers on this conversation (code `concurrency_conflict`): retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    setPresence: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "online" | "offline" | "away" | "busy";
                    status_message?: string | null;
                };
            };
        };
        responses: {
            /** @description set */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        last_active: string;
                        /** @enum {string} */
                        status: "online" | "offline" | "away" | "busy";
                        status_message: string | null;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    searchMessages: {
        parameters: {
            query: {
                /** @description The X-Next-Before header of the previous page: the hits recorded before it */
                before?: string;
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
                /** @description Search this conversation only (404 unless you take part in it) */
                conversation_id?: string | number;
                limit?: number;
                /** @description Words to find (at most 16), separated by spaces; a message matches when it contains every word. Case and diacritics are ignored; each word matches as the run of letters and digits it holds (`don't` finds "don't", `e-mail` finds "e mail"). Nothing is an operator: quotes, `*`, `-`, `:`, `OR`, `NEAR(` are plain text. A blank q, one longer than 200 characters, or one without a letter or digit is a 400. */
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description hits */
            200: {
                headers: {
                    /** @description the `before` of the next page; absent on the last page */
                    "X-Next-Before"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description files of an image or file message, in the order sent; empty for other messages and once deleted */
                        attachments: {
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            height?: number;
                            /** @description the attachment id: GET /api/v1/chat/attachments/{id} serves the file */
                            id: string;
                            /** @description as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP) */
                            media_type: string;
                            /** @description the file name as sanitised on upload (a label, never a path) */
                            name: string;
                            /** @description lowercase hex SHA-256 of the bytes */
                            sha256: string;
                            /** @description bytes */
                            size: number;
                            /** @description pixels, for PNG, JPEG, GIF and WebP images */
                            width?: number;
                        }[];
                        client_message_id: string | null;
                        /** @description Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413). */
                        content: string;
                        conversation_id: string;
                        created_at: string;
                        edited_at: string | null;
                        /** @description where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames) */
                        forwarded_from: {
                            conversation_id: string;
                            message_id: string;
                            user_id: string;
                        } | null;
                        /** @description Where the query's words occur in `content`: offsets in UTF-16 code units (JavaScript string indexes), `end` exclusive, in order, not overlapping. Offsets, never markup: content stays data, and clients mark it up as they render it. */
                        highlights: {
                            end: number;
                            start: number;
                        }[];
                        id: string;
                        is_deleted: boolean;
                        is_edited: boolean;
                        /** @description a copy forwarded from another message */
                        is_forwarded: boolean;
                        /** @description created_at of the latest reply; null without replies */
                        last_reply_at: string | null;
                        /** @enum {string} */
                        message_type: "text" | "image" | "file" | "system";
                        /** @description each emoji once, in the order of its earliest current reaction; empty for a deleted message */
                        reactions: {
                            count: number;
                            emoji: string;
                            /** @description whether you reacted with it */
                            me: boolean;
                        }[];
                        /** @description messages sent with this one as reply_to_id, deleted ones included (they keep their place) */
                        reply_count: number;
                        reply_to_id: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description a `conversation_id` that is unknown or that the caller does not take part in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the read-model store cannot search text (a MongoDB-protocol server without text indexes) */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    setTyping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    conversation_id: string | number;
                    is_typing: boolean;
                };
            };
        };
        responses: {
            /** @description published */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conversation_id: string;
                        is_typing: boolean;
                        started_at: string;
                        user_id: string;
                        username: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `timed_out`: an admin timed you out here; `until` says until when */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description unknown conversation or message, or the caller is not a participant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the request body is larger than the body limit (code `body_too_large`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the body is not UTF-8 `application/json`, or it is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description over the per-user typing rate, shared with typing frames on WebSockets (code `rate_limited`) */
            429: {
                headers: {
                    /** @description whole seconds to wait before the request can succeed */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    blockUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the block */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blocked: boolean;
                        /** @description when the block began; null when there is none */
                        blocked_at: string | null;
                        blocked_user_id: string;
                        /** @description you */
                        user_id: string;
                    };
                };
            };
            /** @description `cannot_block_yourself`; or invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    unblockUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the block (`blocked: false`) */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blocked: boolean;
                        /** @description when the block began; null when there is none */
                        blocked_at: string | null;
                        blocked_user_id: string;
                        /** @description you */
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    eraseUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string | number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description erased (or already erased) */
            200: {
                headers: {
                    /** @description the position of what this command wrote: give it to a query (header or `consistency_token`) to read your write */
                    "X-Consistency-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description true when nothing had been written since the last erasure, so this one recorded nothing */
                        already_erased: boolean;
                        /** @description ISO-8601 UTC: when the erasure was recorded (the latest, when repeated) */
                        erased_at: string;
                        erased_by: string;
                        user_id: string;
                    };
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description `erasure_forbidden`: neither the user nor a privacy_officer or operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listBlockedUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description blocked users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        blocked_at: string;
                        user_id: string;
                    }[];
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
    listOnlineUsers: {
        parameters: {
            query?: {
                /** @description The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too. */
                consistency_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        last_active: string | null;
                        status: string;
                        status_message: string | null;
                        updated_at: string | null;
                        user_avatar: string | null;
                        user_id: string;
                        username: string | null;
                    }[];
                };
            };
            /** @description invalid input; `errors` names each bad field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description missing, invalid or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
            /** @description the server is shutting down and did not run this request (code `shutting_down`): retry */
            503: {
                headers: {
                    /** @description seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail: string;
                        errors?: {
                            message: string;
                            path: string;
                        }[];
                        status: number;
                        title: string;
                        type: string;
                        until?: string;
                    };
                };
            };
        };
    };
}
