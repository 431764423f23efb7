/**
 * {@code upcase client bench}, the project's load generator: concurrent connections through the client's gateway
 * (or pipelined connections), or UDP sockets with {@code --udp}; every reply checked byte for byte, throughput and
 * latency percentiles, and over UDP the datagrams lost.
 */
@NullMarked
package dev.upcase.client.bench;

import org.jspecify.annotations.NullMarked;
