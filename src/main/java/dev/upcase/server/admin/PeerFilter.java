package dev.upcase.server.admin;

/**
 * The {@code peer} parameter: an address ({@code 10.0.0.7}, {@code ::1} or {@code [::1]}) matches every connection
 * from it, {@code address:port} exactly one client socket.
 */
record PeerFilter(String value) {

	static PeerFilter parse(String value) {
		if (value.isBlank()) {
			throw new BadParameter("peer", value, "an address (10.0.0.7, [::1]) or address:port (10.0.0.7:51234)");
		}
		return new PeerFilter(value.strip());
	}

	/** @param peer {@code address:port} ({@code [v6]:port} for IPv6) */
	boolean matches(String peer) {
		return this.value.equals(peer) || unbracket(this.value).equals(unbracket(addressOf(peer)));
	}

	/** @return the address part of {@code address:port} */
	static String addressOf(String peer) {
		int colon = peer.lastIndexOf(':');
		return colon > 0 ? peer.substring(0, colon) : peer;
	}

	private static String unbracket(String address) {
		return address.length() > 1 && address.startsWith("[") && address.endsWith("]")
				? address.substring(1, address.length() - 1) : address;
	}

}
