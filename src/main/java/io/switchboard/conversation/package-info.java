/**
 * Conversation domain types shared by every capability (events, authors, sequence numbers) and their JSON
 * mapping. No I/O here.
 */
package io.switchboard.conversation;
