package dev.upcase.server.tcp;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;

/**
 * Makes a message of each whole frame a connection decodes.
 * <ul>
 * <li>No frame yet (the bytes so far do not complete one) is normal here, not the stock mapper's "Null payload"
 * warning: {@link ServerConnection} never waits for the rest of a message.</li>
 * <li>Only the header the flow needs: the connection id, by which the gateway finds where to send the reply
 * (the stock mapper adds host name, address, ports and more to every message). The id begins with the client's
 * {@code ip:port}.</li>
 * </ul>
 */
final class FrameMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		return getMessageBuilderFactory().withPayload(payload)
			.setHeader(IpHeaders.CONNECTION_ID, connection.getConnectionId())
			.build();
	}

}
