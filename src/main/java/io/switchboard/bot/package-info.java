/**
 * The self-service bot. {@link io.switchboard.bot.BotBrain} is the pure decision core (no Vert.x): it
 * understands a visitor message (payload, request for a person, automated action, question) and turns search
 * results into a reply (answer, "did you mean", fallback). {@link io.switchboard.bot.BotVerticle} is the
 * adapter: it listens to stored conversation events, claims each one in PostgreSQL so exactly one node answers,
 * and appends the bot's reply to the conversation through the conversation log.
 */
package io.switchboard.bot;
