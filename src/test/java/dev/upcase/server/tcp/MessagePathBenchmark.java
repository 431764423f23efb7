package dev.upcase.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.upcase.framing.MessageDecoder;
import dev.upcase.server.UpcaseServerApplication;
import dev.upcase.server.endpoint.Endpoint;
import dev.upcase.server.metrics.MeteredTransform;
import dev.upcase.transform.UppercaseTransformer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.inbound.TcpInboundGateway;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.integration.transformer.Transformer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;

/**
 * The server's per-message path without sockets, stage by stage, on the real application context (the flow, its
 * gateway and metrics as configured; line framing), so that what each stage adds can be told apart:
 * <ul>
 * <li>{@code transform}: the uppercase transform alone;</li>
 * <li>{@code meteredTransform}: the flow's transformer as the flow calls it (counters, timer, the reply message);</li>
 * <li>{@code flow}: a request message sent into the flow's channel, the reply delivered to a reply channel (what a
 * one-way sender into the flow would cost);</li>
 * <li>{@code reply}: the reply alone, written back through the connection (framed, queued, flushed): what the
 * gateway's figure holds beside Spring Integration's own work;</li>
 * <li>{@code gateway}: the inbound gateway's {@code onMessage} with the request message: {@code sendAndReceive}, its
 * temporary reply channel, the flow, and the reply written to the connection (Netty's embedded channel);</li>
 * <li>{@code connection}: the whole pipeline from a frame of bytes: the framing decoder, {@link ConnectionHandler},
 * {@link ServerConnection}, the message mapper, the gateway, the flow, the reply framed and flushed.</li>
 * </ul>
 * The differences between neighbours are each stage's cost; everything from {@code connection} upwards is what the
 * event loop spends per message beside the socket's system calls. Run with {@code bench/jmh.sh MessagePath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgs = { "-Xms256m", "-Xmx1g" })
public class MessagePathBenchmark {

	private static final byte[] LINE = "hello world, the quick brown fox\n".substring(1).getBytes(StandardCharsets.UTF_8);

	private static final byte[] REQUEST = java.util.Arrays.copyOf(LINE, LINE.length - 1); // 31 bytes: the line as decoded

	private ConfigurableApplicationContext context;

	private UppercaseTransformer uppercase;

	private Transformer metered;

	private MessageChannel requests;

	private TcpInboundGateway gateway;

	private EmbeddedChannel channel;

	private ServerConnection connection;

	private ByteBuf frame;

	private Message<byte[]> flowRequest;

	private final Message<byte[]> reply = MessageBuilder.withPayload(REQUEST).build();

	private final MessageChannel replies = (message, timeout) -> message != null;

	@Setup(Level.Trial)
	public void start() {
		this.context = SpringApplication.run(UpcaseServerApplication.class, "--upcase.tcp.port=0", "--server.port=0",
				"--upcase.tcp.framing=line", "--spring.security.user.password=bench", "--logging.level.root=warn");
		this.uppercase = this.context.getBean(UppercaseTransformer.class);
		this.metered = this.context.getBean(MeteredTransform.class).of(this.uppercase::transform);
		this.requests = this.context.getBean(Endpoint.REQUESTS_CHANNEL, MessageChannel.class);
		this.gateway = this.context.getBean(TcpInboundGateway.class);
		TcpProperties properties = this.context.getBean(TcpProperties.class);
		StreamEndpoint endpoint = this.context.getBean("tcpEndpoint", StreamEndpoint.class);
		// the connection as NettyServerConnectionFactory makes it, on a channel without a socket
		this.channel = new EmbeddedChannel();
		this.connection = new ServerConnection(this.channel, endpoint.name(),
				new StreamListener.Peer("127.0.0.1", 40000, "127.0.0.1:40000", 8000), properties.framing(), null,
				"bench");
		this.connection.registerListener(this.gateway);
		this.connection.registerSenders(List.of(this.gateway));
		this.connection.setMapper(new FrameMessageMapper());
		MessageDecoder decoder = properties.framing()
			.newServerDecoder(properties.maxMessageBytesAsInt(), properties.charset());
		this.channel.pipeline().addLast("framing", decoder).addLast("connection",
				new ConnectionHandler(this.connection, decoder, endpoint));
		this.frame = Unpooled.directBuffer(LINE.length).writeBytes(LINE);
		this.flowRequest = MessageBuilder.withPayload(REQUEST)
			.setHeader(MessageHeaders.REPLY_CHANNEL, this.replies)
			.build();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.channel.finishAndReleaseAll();
		this.frame.release();
		this.context.close();
	}

	@Benchmark
	public byte[] transform() {
		return this.uppercase.transform(REQUEST);
	}

	@Benchmark
	public Object meteredTransform() {
		return this.metered.transform(this.flowRequest);
	}

	@Benchmark
	public boolean flow() {
		return this.requests.send(this.flowRequest);
	}

	@Benchmark
	public boolean reply() {
		this.connection.send(this.reply);
		this.connection.flush();
		return this.channel.releaseOutbound();
	}

	@Benchmark
	public boolean gateway() {
		this.gateway.onMessage(MessageBuilder.withPayload(REQUEST)
			.setHeader(IpHeaders.CONNECTION_ID, this.connection.getConnectionId())
			.build());
		this.connection.flush();
		return this.channel.releaseOutbound();
	}

	@Benchmark
	public boolean connection() {
		this.channel.writeInbound(this.frame.retainedDuplicate());
		return this.channel.releaseOutbound();
	}

}
