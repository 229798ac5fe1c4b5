/**
 * The frustration scorer at work in the gateway: per-conversation signal tracking fed by the event stream, and
 * scoring of every visitor message on arrival (stored with the message, on the conversation, and announced on
 * {@link io.switchboard.bus.Addresses#FRUSTRATION_SCORED}).
 */
package io.switchboard.frustration.live;
