package dev.upcase.server.admin;

import java.util.ArrayList;
import java.util.List;

import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.endpoint.LiveConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** Every endpoint the transports provide (only {@code tcp} now), and lookups across them. */
@Component
class Endpoints {

	private final List<Endpoint> all;

	Endpoints(List<Endpoint> all) {
		this.all = List.copyOf(all);
	}

	List<Endpoint> all() {
		return this.all;
	}

	@Nullable Endpoint named(String name) {
		return this.all.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst().orElse(null);
	}

	@Nullable LiveConnection connection(String id) {
		for (Endpoint endpoint : this.all) {
			LiveConnection connection = endpoint.connection(id);
			if (connection != null) {
				return connection;
			}
		}
		return null;
	}

	/** @return every endpoint's live, weakly consistent view of its open connections, to iterate once */
	List<Iterable<? extends LiveConnection>> connections() {
		List<Iterable<? extends LiveConnection>> views = new ArrayList<>(this.all.size());
		for (Endpoint endpoint : this.all) {
			views.add(endpoint.connections());
		}
		return views;
	}

}
