package io.faasioflex.audit.projection;

import io.nats.client.Message;
import java.util.Optional;

/**
 * A message of the audit stream as the projector handles it.
 *
 * @param sequence its stream sequence
 * @param subject its subject
 * @param data its payload
 * @param delivery the consumer delivery to acknowledge; empty for a message read directly from the stream
 */
record StreamMessage(long sequence, String subject, byte[] data, Optional<Message> delivery) {}
