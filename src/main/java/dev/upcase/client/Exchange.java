package dev.upcase.client;

/**
 * One request, its reply: what the line-by-line modes ({@link PipeSession}, {@link InteractiveSession}) need of a
 * client, whether it speaks TCP ({@link ExchangeClient}) or UDP ({@link DatagramClient}).
 */
@FunctionalInterface
interface Exchange {

	/**
	 * @param request the message's bytes
	 * @return its reply's bytes
	 * @throws RuntimeException when there is no reply; {@link ClientFailure#of} says which failure it is
	 */
	byte[] exchange(byte[] request);

}
