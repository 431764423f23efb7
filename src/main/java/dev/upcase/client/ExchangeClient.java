package dev.upcase.client;

import dev.upcase.framing.Framing;

import org.springframework.integration.ip.tcp.connection.ThreadAffinityClientConnectionFactory;

/**
 * Request and reply through the {@link UpcaseClient} gateway, on the calling thread's connection, with what the
 * modes need around it.
 */
public final class ExchangeClient implements Exchange {

	private final UpcaseClient gateway;

	private final ThreadAffinityClientConnectionFactory connections;

	private final Framing framing;

	ExchangeClient(UpcaseClient gateway, ThreadAffinityClientConnectionFactory connections, Framing framing) {
		this.gateway = gateway;
		this.connections = connections;
		this.framing = framing;
	}

	/**
	 * Opens the calling thread's connection now, so that a server that is not there is reported before any input
	 * is read.
	 */
	void connect() {
		try {
			this.connections.getConnection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while connecting", ex);
		}
	}

	/**
	 * Sends one request on the calling thread's connection and returns its reply. After a failure the connection is
	 * closed, so that a late reply to this request can never be taken for the reply to the next one; the thread's
	 * next request opens a new connection.
	 * <p>
	 * In raw framing an empty request is answered with an empty reply without asking the server: zero bytes are
	 * no message there (nothing would be sent, and no reply would come).
	 */
	@Override
	public byte[] exchange(byte[] request) {
		if (request.length == 0 && this.framing == Framing.RAW) {
			return request;
		}
		try {
			return this.gateway.exchange(request);
		}
		catch (RuntimeException ex) {
			this.connections.releaseConnection();
			throw ex;
		}
	}

}
