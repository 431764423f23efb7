package dev.upcase.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;

/**
 * What the kernel knows of a connection's replies after the server has handed them over. A client that reads its
 * replies slowly takes them out of the kernel's send buffer (megabytes, as TCP tunes it), and for seconds the server
 * writes nothing — its own counters see no progress, though the client is steadily reading.
 * <p>
 * Over TCP on epoll, Netty's channel gives the socket's {@code TCP_INFO}: how long ago the kernel last sent data
 * ({@code tcpi_last_data_sent}: new or retransmitted data, never a zero-window probe) and last received a segment
 * from the client ({@code tcpi_last_ack_recv}). Both recent means the client opened its window — it read — and is
 * there: progress. A client that stopped reading gets only zero-window probes (no data), and a client that is gone
 * gets retransmissions it never answers: neither looks like progress, so both still time out.
 * <p>
 * NIO (other platforms, or {@code -Dio.netty.transport.noNative=true}) and Unix-domain sockets have no such view
 * through Netty's public API (the JDK exposes no {@code TCP_INFO}; Netty no {@code SIOCOUTQ} ioctl): there the
 * server sees only its own outbound buffer and its completed writes.
 */
final class KernelProgress {

	/** This channel cannot tell. */
	static final long UNKNOWN = -1;

	private KernelProgress() {
	}

	/**
	 * Asks the kernel (one system call): for the moment a connection's timeout would run out, not at every look.
	 * @return when (epoch milliseconds) the kernel last sent the client data and heard from it since, or
	 * {@link #UNKNOWN}
	 */
	static long lastSeen(Channel channel, long nowMillis) {
		if (channel instanceof EpollSocketChannel tcp && tcp.isActive()) {
			try {
				EpollTcpInfo info = tcp.tcpInfo();
				return nowMillis - Math.max(info.lastDataSent(), info.lastAckRecv());
			}
			catch (ChannelException ex) {
				return UNKNOWN; // the socket closed under us: its close is being told
			}
		}
		return UNKNOWN;
	}

}
