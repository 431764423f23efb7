package dev.upcase.server.tcp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.upcase.server.transport.PeerKey;
import org.jspecify.annotations.Nullable;

/**
 * The connection limits every stream endpoint shares: all of them together ({@code upcase.tcp.max-total-connections},
 * the process's file descriptors being one pool) and per client address ({@code upcase.tcp.max-connections-per-peer},
 * so that no one client can take every slot). Claimed on the accepting thread (or once a PROXY protocol header has
 * named the client), given back when the connection closes; lock-free but for one map entry per address.
 */
final class ConnectionSlots {

	private final int maxTotal;

	private final int maxPerPeer;

	private final AtomicInteger total = new AtomicInteger();

	/** Open connections per peer key, present only while above zero. */
	private final ConcurrentHashMap<String, Integer> perPeer = new ConcurrentHashMap<>();

	ConnectionSlots(int maxTotal, int maxPerPeer) {
		this.maxTotal = maxTotal;
		this.maxPerPeer = maxPerPeer;
	}

	int maxTotal() {
		return this.maxTotal;
	}

	int maxPerPeer() {
		return this.maxPerPeer;
	}

	/** @return whether there was room for one more connection in all */
	boolean claimTotal() {
		if (this.total.incrementAndGet() > this.maxTotal) {
			this.total.decrementAndGet();
			return false;
		}
		return true;
	}

	void releaseTotal() {
		this.total.decrementAndGet();
	}

	/** @return whether the peer had fewer than {@code max-connections-per-peer} open: it now has one more */
	boolean claimPeer(String key) {
		boolean[] claimed = { false };
		this.perPeer.compute(key, (address, open) -> {
			int now = open != null ? open : 0;
			if (now >= this.maxPerPeer) {
				return open;
			}
			claimed[0] = true;
			return now + 1;
		});
		return claimed[0];
	}

	void releasePeer(String key) {
		this.perPeer.computeIfPresent(key, (address, open) -> open > 1 ? open - 1 : null);
	}

	/** @return connections open now from the peer with this key */
	int openFrom(String key) {
		return this.perPeer.getOrDefault(key, 0);
	}

	/** @return the key a socket's other end counts under, {@code null} when it has no IP address (a Unix socket) */
	static @Nullable String peerKey(@Nullable SocketAddress remote) {
		return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? PeerKey.of(inet.getAddress())
				: null;
	}

	/** @return the key an address (as {@link InetListener#addressText} wrote it) counts under, {@code null} if none */
	static @Nullable String peerKey(String address) {
		return PeerKey.of(address);
	}

}
