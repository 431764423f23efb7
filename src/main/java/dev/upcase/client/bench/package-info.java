/**
 * {@code upcase client bench}, the project's load generator: concurrent connections through the client's gateway
 * (or pipelined connections), every reply checked byte for byte, throughput and latency percentiles.
 */
@NullMarked
package dev.upcase.client.bench;

import org.jspecify.annotations.NullMarked;
