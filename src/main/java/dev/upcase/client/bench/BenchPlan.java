package dev.upcase.client.bench;

import java.time.Duration;

import dev.upcase.framing.Framing;

/**
 * What a bench run does.
 *
 * @param connections concurrent connections, each driven by a thread of its own
 * @param pipeline requests in flight on each connection
 * @param size bytes per request
 * @param framing the framing (for the summary; the connections already use it)
 * @param udp whether each connection is a UDP socket, a request a datagram ({@code client --udp bench})
 * @param warmup how long to run before measuring, so that both JVMs are warm and the connections open
 * @param duration how long to measure
 * @param reconnect whether a stream worker reconnects and resends after its connection fails ({@code --reconnect})
 */
record BenchPlan(int connections, int pipeline, int size, Framing framing, boolean udp, Duration warmup,
		Duration duration, boolean reconnect) {
}
