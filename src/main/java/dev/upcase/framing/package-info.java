/**
 * Framing: where one message ends on a TCP byte stream, and how a reply is framed on the way back.
 * <p>
 * Each {@link dev.upcase.framing.Framing} is a Spring {@code Serializer}/{@code Deserializer} pair, the
 * extension point Spring Integration's connection factories take. upcase has its own codecs rather than the
 * stock {@code ByteArray*Serializer}s because it needs what they do not give: one read = one message for the
 * seed's delimiter-less clients, a typed error for every bad frame (so the connection can log and count it),
 * and no {@code max-message-bytes} buffer allocated and zeroed per message.
 */
@NullMarked
package dev.upcase.framing;

import org.jspecify.annotations.NullMarked;
