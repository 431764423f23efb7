package dev.upcase.server.management;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins recently checked against a slow password hash, so that a stateless caller (every call carries its
 * credentials) pays the hash once per {@code ttl}, not once per call. Keyed by an HMAC-SHA-256 of the stored hash and
 * the presented password under a key made at random for this process: the plain password is never kept, and the key
 * dies with the process. Bounded in size (the oldest entry makes room) and in time (an entry is trusted for
 * {@code ttl} after the check that made it, never renewed by a hit).
 */
final class VerifiedLogins {

	static final int CAPACITY = 64;

	private final long ttlNanos;

	private final SecretKeySpec key;

	private final Map<String, Long> expiries = new LinkedHashMap<>(16, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > CAPACITY;
		}

	};

	VerifiedLogins(Duration ttl) {
		this.ttlNanos = ttl.toNanos();
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	/** @return whether this password was found to match this stored hash less than {@code ttl} ago */
	boolean contains(CharSequence presented, String stored) {
		if (this.ttlNanos == 0) {
			return false;
		}
		String fingerprint = fingerprint(presented, stored);
		synchronized (this.expiries) {
			Long expiry = this.expiries.get(fingerprint);
			if (expiry == null) {
				return false;
			}
			if (System.nanoTime() - expiry >= 0) {
				this.expiries.remove(fingerprint);
				return false;
			}
			return true;
		}
	}

	/** Remembers that this password matched this stored hash, for {@code ttl} from now. */
	void add(CharSequence presented, String stored) {
		if (this.ttlNanos == 0) {
			return;
		}
		String fingerprint = fingerprint(presented, stored);
		synchronized (this.expiries) {
			this.expiries.remove(fingerprint); // re-inserted at the young end
			this.expiries.put(fingerprint, System.nanoTime() + this.ttlNanos);
		}
	}

	int size() {
		synchronized (this.expiries) {
			return this.expiries.size();
		}
	}

	private String fingerprint(CharSequence presented, String stored) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(stored.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return HexFormat.of().formatHex(mac.doFinal(presented.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
