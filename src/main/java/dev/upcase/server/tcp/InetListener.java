package dev.upcase.server.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.upcase.server.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/** Listens on {@code upcase.tcp.host}:{@code upcase.tcp.port}: plain TCP, or TLS when a bundle is configured. */
final class InetListener implements StreamListener {

	private final String host;

	private final int port;

	private final @Nullable TlsContext tls;

	InetListener(String host, int port, @Nullable TlsContext tls) {
		this.host = host;
		this.port = port;
		this.tls = tls;
	}

	@Override
	public Class<? extends ServerChannel> channelType(EventLoops loops) {
		return loops.serverSocketChannel();
	}

	@Override
	public void configure(ServerBootstrap bootstrap) {
		bootstrap.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true); // one reply per request: do not wait to coalesce
	}

	@Override
	public SocketAddress bindAddress(EventLoops loops) {
		return new InetSocketAddress(this.host, this.port);
	}

	@Override
	public String bound(Channel server) {
		return display((InetSocketAddress) server.localAddress());
	}

	@Override
	public void closed() {
	}

	@Override
	public void initConnection(Channel channel) {
		if (this.tls != null) {
			channel.pipeline().addLast("tls", this.tls.newHandler(channel.alloc()));
		}
	}

	@Override
	public Peer peer(Channel channel) {
		InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
		String address = remote.getAddress() != null ? addressText(remote.getAddress()) : remote.getHostString();
		return new Peer(address, remote.getPort(), display(address, remote.getPort()),
				((InetSocketAddress) channel.localAddress()).getPort());
	}

	private static String display(InetSocketAddress address) {
		return display(address.getHostString(), address.getPort());
	}

	/**
	 * @return the address as the log and the admin API show it and its peer filter takes it: IPv6 in its short form
	 * (RFC 5952: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1})
	 */
	static String addressText(InetAddress address) {
		return NetUtil.toAddressString(address);
	}

	/** @return {@code host:port}, {@code [v6]:port} for IPv6 */
	static String display(String host, int port) {
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
	}

}
